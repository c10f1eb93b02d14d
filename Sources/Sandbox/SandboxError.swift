/// The one error type of KubeLegoSandbox: API failures served as `metav1.Status`, and start-up or manifest errors.
public struct SandboxError: Error, Sendable, CustomStringConvertible {
    /// What went wrong; API codes map onto a Status `reason` and HTTP code.
    public enum Code: String, Sendable {
        /// 400: the request is malformed (bad JSON, namespace mismatch, bad selector).
        case badRequest = "BadRequest"
        /// 401: the bearer token is missing or wrong.
        case unauthorized = "Unauthorized"
        /// 403: authenticated, but RBAC grants nothing that allows the request.
        case forbidden = "Forbidden"
        /// 404: the object, namespace or path does not exist.
        case notFound = "NotFound"
        /// 405: the verb is not supported on the path.
        case methodNotAllowed = "MethodNotAllowed"
        /// 409: create of an object that exists.
        case alreadyExists = "AlreadyExists"
        /// 409: a write with a stale resourceVersion or a failed precondition.
        case conflict = "Conflict"
        /// 410: a resourceVersion older than the kept history.
        case gone = "Expired"
        /// 415: a PATCH content type the server does not understand.
        case unsupportedMediaType = "UnsupportedMediaType"
        /// 422: the object fails validation.
        case invalid = "Invalid"
        /// 429: throttled (fault injection).
        case tooManyRequests = "TooManyRequests"
        /// 500: an injected or internal server error.
        case internalError = "InternalError"
        /// 503: an injected unavailability.
        case serviceUnavailable = "ServiceUnavailable"
        /// Start-up failed (bind, TLS material).
        case startup = "Startup"
        /// A manifest could not be read or parsed.
        case manifest = "Manifest"
    }

    /// One field-level cause of an Invalid error.
    public struct Cause: Sendable, Hashable {
        /// Machine-readable cause type (`FieldValueInvalid`, `FieldValueRequired`...).
        public var type: String
        /// Human-readable message.
        public var message: String
        /// Field path (`metadata.name`, `data[tls.crt]`).
        public var field: String
    }

    /// What went wrong.
    public var code: Code
    /// Human-readable explanation naming the object concerned.
    public var reason: String
    /// The HTTP status code served for this error.
    public var httpStatus: Int
    /// Name of the object concerned, if any.
    public var name: String?
    /// API group of the object concerned ("" for core).
    public var group: String?
    /// Resource (plural) of the object concerned, as the real server reports it in `details.kind`.
    public var kind: String?
    /// Field-level causes (Invalid).
    public var causes: [Cause]
    /// Seconds to wait before retrying (429).
    public var retryAfterSeconds: Int?

    /// An error with an explicit HTTP status (used by fault injection).
    public init(
        _ code: Code, _ reason: String, httpStatus: Int? = nil, name: String? = nil, group: String? = nil,
        kind: String? = nil, causes: [Cause] = [], retryAfterSeconds: Int? = nil
    ) {
        self.code = code
        self.reason = reason
        self.httpStatus = httpStatus ?? code.defaultHTTPStatus
        self.name = name
        self.group = group
        self.kind = kind
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// `code: reason`.
    public var description: String { "\(code.rawValue): \(reason)" }
}

extension SandboxError.Code {
    /// The HTTP status served for the code.
    var defaultHTTPStatus: Int {
        switch self {
        case .badRequest, .manifest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .methodNotAllowed: 405
        case .alreadyExists, .conflict: 409
        case .gone: 410
        case .unsupportedMediaType: 415
        case .invalid: 422
        case .tooManyRequests: 429
        case .internalError, .startup: 500
        case .serviceUnavailable: 503
        }
    }

    /// The Status reason for an arbitrary HTTP code (fault injection picks codes, not reasons).
    static func forHTTPStatus(_ status: Int) -> Self {
        switch status {
        case 400: .badRequest
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 405: .methodNotAllowed
        case 409: .conflict
        case 410: .gone
        case 415: .unsupportedMediaType
        case 422: .invalid
        case 429: .tooManyRequests
        case 503: .serviceUnavailable
        default: .internalError
        }
    }
}

extension SandboxError {
    /// 404 for an object of `resource`.
    static func notFound(_ resource: ResourceType, _ name: String) -> Self {
        SandboxError(.notFound, "\(resource.qualifiedPlural) \"\(name)\" not found",
                     name: name, group: resource.group, kind: resource.plural)
    }

    /// 409 AlreadyExists for an object of `resource`.
    static func alreadyExists(_ resource: ResourceType, _ name: String) -> Self {
        SandboxError(.alreadyExists, "\(resource.qualifiedPlural) \"\(name)\" already exists",
                     name: name, group: resource.group, kind: resource.plural)
    }

    /// 409 Conflict for a stale write.
    static func conflict(_ resource: ResourceType, _ name: String, _ why: String = staleMessage) -> Self {
        SandboxError(.conflict, "Operation cannot be fulfilled on \(resource.qualifiedPlural) \"\(name)\": \(why)",
                     name: name, group: resource.group, kind: resource.plural)
    }

    /// 422 Invalid with field causes.
    static func invalid(_ resource: ResourceType, _ name: String, _ causes: [Cause]) -> Self {
        let summary = causes.map { "\($0.field): \($0.message)" }.joined(separator: ", ")
        return SandboxError(.invalid, "\(resource.kind) \"\(name)\" is invalid: \(summary)",
                            name: name, group: resource.group, kind: resource.kind, causes: causes)
    }

    /// The message a real server gives for a stale resourceVersion.
    static let staleMessage = "the object has been modified; please apply your changes to the latest version and try again"
}

extension ResourceType {
    /// `ingresses.networking.k8s.io`, or just `secrets` for the core group.
    var qualifiedPlural: String { group.isEmpty ? plural : "\(plural).\(group)" }
}
