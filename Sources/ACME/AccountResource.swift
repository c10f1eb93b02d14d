/// An account object as the CA returns it (RFC 8555 §7.1.2).
struct AccountResource: Decodable {
    let status: ACMEStatus
    let contact: [String]?
}
