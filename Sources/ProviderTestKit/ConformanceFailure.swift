/// One provider conformance check.
public enum ConformanceCheck: String, Sendable, CaseIterable {
    /// `expose` makes the challenge path answer the responder's key authorization through the data plane.
    case exposeServes
    /// Exposing the same routes again changes no object.
    case exposeIsIdempotent
    /// `withdraw` stops the route and leaves no managed object that serves nothing.
    case withdrawRemovesRoute
    /// A new instance's `reconcile(active: [])` removes what an earlier instance left.
    case reconcileRemovesLeftovers
    /// The user's Ingress, unknown fields included, is the same after expose and withdraw.
    case userIngressPreserved
    /// An object with a challenge object's name but without the managed marker is never modified.
    case unmanagedObjectUntouched
}

/// A failed check: which one and what was seen.
public struct ConformanceFailure: Sendable, CustomStringConvertible {
    /// The check that failed.
    public var check: ConformanceCheck
    /// What went wrong, naming hosts and objects.
    public var message: String

    /// Makes a failure.
    public init(_ check: ConformanceCheck, _ message: String) {
        self.check = check
        self.message = message
    }

    /// "check: message".
    public var description: String { "\(check.rawValue): \(message)" }
}
