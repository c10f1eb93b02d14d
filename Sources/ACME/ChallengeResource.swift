/// A challenge object as the CA returns it (RFC 8555 §7.1.5, §8).
struct ChallengeResource: Decodable {
    let type: String
    let url: String
    let status: ACMEStatus
    let token: String?
    let error: ACMEProblem?
}
