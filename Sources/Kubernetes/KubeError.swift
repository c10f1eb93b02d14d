/// The one error type of KubeLegoKube: what went wrong, against which object, and whether waiting helps.
public struct KubeError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure, mostly mirroring the `reason` of a Kubernetes `metav1.Status`.
    public enum Code: String, Sendable, Equatable {
        case notFound, alreadyExists, conflict, gone, invalid, badRequest, forbidden, unauthorized
        case tooManyRequests, serverError, transport, decoding, configuration
        /// The calling task was cancelled before the request completed.
        case cancelled
    }

    /// The kind of failure.
    public var code: Code
    /// A human explanation, e.g. the `message` of the server's Status.
    public var reason: String
    /// The object concerned, as "Kind namespace/name", when known.
    public var object: String?
    /// The verb that failed (get, list, watch, create, update, patch, delete), when known.
    public var verb: String?
    /// The HTTP status code, when the error came from a response.
    public var status: Int?
    /// How long the server asked us to wait (429 Retry-After), when it said.
    public var retryAfter: Duration?

    /// Makes an error; only `code` and `reason` are required.
    public init(
        _ code: Code, _ reason: String, object: String? = nil, verb: String? = nil,
        status: Int? = nil, retryAfter: Duration? = nil
    ) {
        self.code = code
        self.reason = reason
        self.object = object
        self.verb = verb
        self.status = status
        self.retryAfter = retryAfter
    }

    /// True for failures that may succeed when tried again later (throttling, server and transport errors).
    public var isTransient: Bool {
        switch code {
        case .tooManyRequests, .serverError, .transport, .conflict: true
        default: false
        }
    }

    /// "verb Kind ns/name: reason (code)", leaving out what is unknown.
    public var description: String {
        var prefix = [verb, object].compactMap { $0 }.joined(separator: " ")
        if !prefix.isEmpty { prefix += ": " }
        return "\(prefix)\(reason) (\(code.rawValue))"
    }
}
