/// An authorization object as the CA returns it (RFC 8555 §7.1.4).
struct AuthorizationResource: Decodable {
    let identifier: ACMEIdentifier
    let status: ACMEStatus
    let challenges: [ChallengeResource]
    let wildcard: Bool?
}
