public import KubeLegoKube

/// The one error type of KubeLegoGateway: what went wrong and which object it concerns.
public struct GatewayProviderError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable {
        /// The Gateway has no HTTP listener that takes the challenge route for these hosts.
        case noListener
        /// A challenge object exists without kube-lego's managed marker; it is left alone.
        case notManaged
        /// The Kubernetes API refused or failed a request.
        case kubernetes
    }

    /// The kind of failure.
    public var code: Code
    /// A human explanation.
    public var reason: String
    /// The object concerned, as "Kind namespace/name".
    public var object: String
    /// The API error behind a `.kubernetes` failure.
    public var underlying: KubeError?

    /// Makes an error.
    public init(_ code: Code, _ reason: String, object: String, underlying: KubeError? = nil) {
        self.code = code
        self.reason = reason
        self.object = object
        self.underlying = underlying
    }

    /// "object: reason (code)".
    public var description: String {
        "\(object): \(reason) (\(code.rawValue))" + (underlying.map { ": \($0)" } ?? "")
    }
}
