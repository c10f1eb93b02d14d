/// The one error type of KubeLegoGCE: what failed, for which object, in words a cluster operator can act on.
public struct GCEProviderError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure.
    public enum Code: String, Sendable, Equatable {
        /// An object with the challenge Service's name exists but kube-lego does not manage it.
        case unmanagedObject
        /// The Kubernetes API refused or failed a read or write.
        case kubernetes
    }

    /// The kind of failure.
    public var code: Code
    /// A human explanation.
    public var reason: String
    /// The object concerned, e.g. "Service team-a/kube-lego-gce".
    public var object: String
    /// True when trying again later may help (API throttling, conflicts, transport errors).
    public var isTransient: Bool

    /// Makes an error.
    public init(_ code: Code, _ reason: String, object: String, isTransient: Bool = false) {
        self.code = code
        self.reason = reason
        self.object = object
        self.isTransient = isTransient
    }

    /// "object: reason (code)".
    public var description: String { "\(object): \(reason) (\(code.rawValue))" }
}
