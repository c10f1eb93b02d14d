/// An order object as the CA returns it (RFC 8555 §7.1.3).
struct OrderResource: Decodable {
    let status: ACMEStatus
    let identifiers: [ACMEIdentifier]
    let authorizations: [String]
    let finalize: String
    let certificate: String?
    let error: ACMEProblem?
}
