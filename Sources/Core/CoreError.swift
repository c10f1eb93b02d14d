/// The one error type of KubeLegoCore: a code, a human reason, and the object it concerns.
public struct CoreError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Equatable {
        /// A setting has a value kube-lego cannot use; start-up stops (exit code 2).
        case invalidSetting
        /// The account Secret exists but cannot be used as it is.
        case account
        /// Two objects want the same thing, or an object is not ours to change.
        case conflict
        /// Issuing a certificate failed.
        case issuance
        /// Talking to the Kubernetes API failed.
        case kubernetes
        /// A provider could not expose or withdraw challenge routes.
        case provider
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human explanation, naming the setting, object or host.
    public var reason: String
    /// The object concerned, e.g. "Ingress default/web" or "LEGO_PORT", when there is one.
    public var subject: String?

    /// Makes an error.
    public init(_ code: Code, _ reason: String, subject: String? = nil) {
        self.code = code
        self.reason = reason
        self.subject = subject
    }

    /// "subject: reason", or just the reason.
    public var description: String {
        guard let subject else { return reason }
        return "\(subject): \(reason)"
    }
}
