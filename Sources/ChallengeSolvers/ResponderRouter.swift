import NIOHTTP1

/// Decides the responder's answer to one request head, without I/O.
///
/// Routes (the original's, byte for byte where they were right): `/` and `/healthz` → `ok`; `/readyz` → `ok`
/// or 503; `/.well-known/acme-challenge/_selftest` → the instance id; `/.well-known/acme-challenge/<token>` →
/// the key authorization registered for (request host, token); anything else → 404 with the version.
///
/// `_selftest` answers for any Host (as the original did; its issue #163 asked to restrict it). We keep that
/// deliberately: the self-check travels through ingress controllers and load balancers that may rewrite or
/// drop Host, and the instance id is no secret (it only tells replicas apart), so nothing leaks.
struct ResponderRouter: Sendable {
    /// The path prefix every HTTP-01 answer lives under (RFC 8555 §8.3).
    static let challengePrefix = "/.well-known/acme-challenge/"
    /// The self-check's path segment under the challenge prefix.
    static let selfTestSegment = "_selftest"

    let instanceID: String
    let version: String
    let tokens: ChallengeTokenStore

    /// The answer to a request.
    /// - Parameters:
    ///   - method: the request method; only GET and HEAD are served.
    ///   - uri: the request target, origin-form (`/path?query`) or absolute-form (`http://host/path`).
    ///   - hostHeader: the `Host` header, if any.
    ///   - announcesBody: the request carries a body (Content-Length > 0 or Transfer-Encoding), which is refused.
    ///   - ready: whether the controller reports ready (for `/readyz`).
    func reply(method: HTTPMethod, uri: String, hostHeader: String?, announcesBody: Bool, ready: Bool) -> ResponderReply {
        guard method == .GET || method == .HEAD else {
            var reply = notFoundStyle(.methodNotAllowed, "method not allowed")
            reply.extraHeaders = [("Allow", "GET, HEAD")]
            reply.closeConnection = announcesBody
            return reply
        }
        guard !announcesBody else {
            var reply = notFoundStyle(.payloadTooLarge, "request body not accepted")
            reply.closeConnection = true
            return reply
        }
        let target = RequestTarget(uri: uri, hostHeader: hostHeader)
        switch target.path {
        case "/":
            return ResponderReply(status: .ok, body: "ok")
        case "/healthz":
            return ResponderReply(status: .ok, body: "ok", noCache: false)
        case "/readyz":
            return ready ? ResponderReply(status: .ok, body: "ok") : ResponderReply(status: .serviceUnavailable, body: "not ready")
        default:
            return challengeReply(path: target.path, host: target.host)
        }
    }

    private func challengeReply(path: Substring, host: String?) -> ResponderReply {
        guard path.hasPrefix(Self.challengePrefix) else { return notFound }
        let segment = path.dropFirst(Self.challengePrefix.count)
        guard !segment.isEmpty, !segment.contains("/") else { return notFound }
        if segment == Self.selfTestSegment {
            return ResponderReply(status: .ok, body: instanceID)
        }
        guard let host, let keyAuthorization = tokens.keyAuthorization(host: host, token: String(segment)) else {
            return notFound
        }
        return ResponderReply(status: .ok, body: keyAuthorization)
    }

    private var notFound: ResponderReply { notFoundStyle(.notFound, "404 not found") }

    private func notFoundStyle(_ status: HTTPResponseStatus, _ text: String) -> ResponderReply {
        ResponderReply(status: status, body: "kube-lego (version \(version)) - \(text)")
    }
}
