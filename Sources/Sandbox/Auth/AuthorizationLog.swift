import Synchronization

/// One authorization decision the server made: who asked for what, and the answer.
public struct SandboxAuthorizationRecord: Sendable, Hashable {
    /// The caller.
    public var user: RBACUser
    /// What the request was.
    public var attributes: RBACAttributes
    /// Whether it was allowed.
    public var allowed: Bool
    /// What allowed it, or the Forbidden message.
    public var reason: String
}

/// Every decision, in order (kept in memory for the tests that check grants against use).
final class AuthorizationLog: Sendable {
    private let records = Mutex<[SandboxAuthorizationRecord]>([])

    func append(_ record: SandboxAuthorizationRecord) {
        records.withLock { $0.append(record) }
    }

    var snapshot: [SandboxAuthorizationRecord] { records.withLock { $0 } }
}
