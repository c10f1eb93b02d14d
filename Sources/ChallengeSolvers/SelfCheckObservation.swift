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
        /// An answer whose body is over `SelfCheck.Configuration.maxBodyBytes`; it was not read further.
        case bodyTooLarge(String)
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
        case .bodyTooLarge(let detail):
            return "\(request): \(detail) (an HTTP-01 answer is one short line: something else answers this path)"
        case .transport(let detail):
            return "\(request): \(detail)"
        }
    }

    /// The most characters of a server's text (body, `Location`) echoed into errors, logs and Events.
    static let excerptLimit = 128

    /// The start of a body, quoted and escaped as by `printable`, with `…` after the quote when cut.
    static func excerpt(_ body: [UInt8]) -> String {
        // 4 bytes per scalar at most: this prefix holds the first `excerptLimit` scalars, whatever the encoding.
        let window = excerptLimit * 4
        let (text, cut) = escaped(String(decoding: body.prefix(window), as: UTF8.self), limit: excerptLimit)
        return "\"" + text + "\"" + (cut || body.count > window ? "…" : "")
    }

    /// Text a server chose, safe for one line of a log or an Event: the first `limit` Unicode scalars, then
    /// `…` when there were more. Printable ASCII is kept (`\` and `"` escaped); line breaks, tabs and NUL
    /// become `\n`, `\r`, `\t`, `\0`; every other scalar (control characters, bidi overrides, any
    /// non-ASCII) becomes `\u{…}`, so nothing can forge a line, a terminal sequence or reorder the text.
    static func printable(_ text: some StringProtocol, limit: Int = excerptLimit) -> String {
        let (escaped, cut) = escaped(text, limit: limit)
        return cut ? escaped + "…" : escaped
    }

    private static func escaped(_ text: some StringProtocol, limit: Int) -> (text: String, cut: Bool) {
        var output = ""
        var kept = 0
        for scalar in text.unicodeScalars {
            guard kept < limit else { return (output, true) }
            kept += 1
            switch scalar.value {
            case 0x5C: output += "\\\\"
            case 0x22: output += "\\\""
            case 0x20...0x7E: output.unicodeScalars.append(scalar)
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0x00: output += "\\0"
            default: output += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return (output, false)
    }
}
