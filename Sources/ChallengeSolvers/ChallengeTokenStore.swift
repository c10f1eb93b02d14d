import Synchronization

/// The HTTP-01 answers currently served: key authorizations keyed by (host, token).
///
/// Shared by the responder (reads, on every challenge request) and the solver (writes, on present and
/// clean-up). Several tokens may be outstanding for one host at once, e.g. for overlapping ACME orders.
public final class ChallengeTokenStore: Sendable {
    private struct Key: Hashable {
        let host: String
        let token: String
    }

    private let entries = Mutex<[Key: String]>([:])

    /// Makes an empty store.
    public init() {}

    /// Serves `keyAuthorization` at `/.well-known/acme-challenge/<token>` for requests to `host`.
    /// `host` is a DNS name or an IP address (IPv6 with or without brackets); case does not matter.
    public func register(host: String, token: String, keyAuthorization: String) {
        let key = Key(host: HostName.normalized(host), token: token)
        entries.withLock { $0[key] = keyAuthorization }
    }

    /// Stops serving `token` for `host`; other tokens of the host stay.
    public func remove(host: String, token: String) {
        let key = Key(host: HostName.normalized(host), token: token)
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    /// The key authorization registered for `token` on `host`, if any.
    public func keyAuthorization(host: String, token: String) -> String? {
        let key = Key(host: HostName.normalized(host), token: token)
        return entries.withLock { $0[key] }
    }

    /// How many (host, token) answers are currently served.
    public var count: Int {
        entries.withLock { $0.count }
    }
}
