/// What one self-check request saw when it did not see the expected answer.
struct SelfCheckObservation: Sendable, Equatable, CustomStringConvertible {
    /// The kinds of wrong answer, each with what identifies it.
    enum Kind: Sendable, Equatable {
        /// A status other than 200 and not a redirect, with the start of the body.
        case status(Int, body: String)
        /// A 3xx; redirects are not followed (an https redirect breaks HTTP-01: original issue #149).
        case redirect(Int, location: String?)
        /// 200 with an id of the right shape that is not ours: another replica or an old pod answers.
        case anotherInstance(String)
        /// 200 with a body that is neither our id nor (for a token) our key authorization.
        case unexpectedBody(String)
        /// Name resolution failed.
        case dnsFailure(String)
        /// No TCP connection (refused, unreachable).
        case couldNotConnect(String)
        /// No complete answer within the request timeout.
        case timedOut(String)
        /// Any other transport failure (reset, truncated response, ...).
        case transport(String)
    }

    /// The request as sent, e.g. `GET http://10.0.0.1:80/.well-known/acme-challenge/_selftest (Host: a.example)`.
    let request: String
    /// What came back.
    let kind: Kind

    var description: String {
        switch kind {
        case .status(let code, let body):
            return "\(request) answered \(code) with body \(body)"
        case .redirect(let code, let location):
            let target = location.map { "redirecting to \($0)" } ?? "without a Location"
            let hint = location?.lowercased().hasPrefix("https:") == true
                ? " (an https redirect on the challenge path fails HTTP-01 validation too: disable ssl-redirect for it)"
                : " (redirects are not followed)"
            return "\(request) answered \(code) \(target)\(hint)"
        case .anotherInstance(let id):
            return "\(request) answered with another instance's id \(id): another kube-lego replica or an old pod receives this host's challenge traffic"
        case .unexpectedBody(let body):
            return "\(request) answered 200 with unexpected body \(body)"
        case .dnsFailure(let detail):
            return "\(request): DNS lookup failed: \(detail)"
        case .couldNotConnect(let detail):
            return "\(request): could not connect: \(detail)"
        case .timedOut(let detail):
            return "\(request): timed out: \(detail)"
        case .transport(let detail):
            return "\(request): \(detail)"
        }
    }

    /// The first 200 bytes of a body, quoted and escaped for a log line, with `…` when cut.
    static func excerpt(_ body: [UInt8]) -> String {
        let limit = 200
        let text = String(decoding: body.prefix(limit), as: UTF8.self).debugDescription
        return body.count > limit ? text + "…" : text
    }
}
