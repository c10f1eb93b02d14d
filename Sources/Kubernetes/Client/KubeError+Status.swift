#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoBasics
import KubeLegoHTTP

extension KubeError {
    /// Decodes an error response (normally a `metav1.Status`) into a `KubeError` naming `verb` and `object`.
    ///
    /// The Status `reason` decides the code; without one, the HTTP status does. 429 carries `Retry-After`
    /// (header, else `details.retryAfterSeconds`).
    init(status: Int, headers: HTTPHeaders, body: [UInt8], verb: String, object: String?) {
        let statusObject = (try? JSONValue(parsing: body))?.objectValue
        let retryAfter = headers["Retry-After"].flatMap(Self.retryAfter(header:))
        self.init(statusObject: statusObject, httpStatus: status, retryAfter: retryAfter, verb: verb, object: object)
    }

    /// Decodes a `metav1.Status` object (also the payload of watch ERROR events); `httpStatus` is used when the
    /// object carries no `code`.
    init(statusObject: JSONObject?, httpStatus: Int?, retryAfter: Duration? = nil, verb: String, object: String?) {
        let isStatus = statusObject?["kind"]?.stringValue == "Status"
        let reasonText = isStatus ? statusObject?["reason"]?.stringValue : nil
        let message = isStatus ? statusObject?["message"]?.stringValue : nil
        let status = (isStatus ? statusObject?["code"]?.intValue : nil) ?? httpStatus ?? 500
        var retryAfter = retryAfter
        if retryAfter == nil, let seconds = statusObject?["details"]?["retryAfterSeconds"]?.intValue {
            retryAfter = Duration(saturatingSeconds: Double(seconds), in: .zero ... Self.maximumRetryAfter)
        }
        let fallback = "HTTP \(status)" + (reasonText.map { " \($0)" } ?? "")
        self.init(
            Self.code(reason: reasonText, httpStatus: status), message ?? fallback, object: object, verb: verb,
            status: status, retryAfter: retryAfter)
    }

    /// The longest `Retry-After` a `KubeError` carries; a server asking for more is taken to mean this.
    /// Retrying sooner than a confused server asked costs one more 429; sleeping for its 10^20 seconds would
    /// trap (or, clamped late, stop an informer for good).
    public static let maximumRetryAfter: Duration = .seconds(600)

    /// A `Retry-After` header's delay-seconds, saturated into 0...`maximumRetryAfter`; nil when not a number.
    static func retryAfter(header: String) -> Duration? {
        let text = header.trimmed()
        guard !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }), let seconds = Double(text) else { return nil }
        return Duration(saturatingSeconds: seconds, in: .zero ... maximumRetryAfter)
    }

    /// Maps a Status `reason` (preferred) or an HTTP status code to an error code.
    static func code(reason: String?, httpStatus: Int) -> Code {
        switch reason {
        case "NotFound": return .notFound
        case "AlreadyExists": return .alreadyExists
        case "Conflict": return .conflict
        case "Gone", "Expired": return .gone
        case "Invalid": return .invalid
        case "BadRequest": return .badRequest
        case "Forbidden": return .forbidden
        case "Unauthorized": return .unauthorized
        case "TooManyRequests": return .tooManyRequests
        case "InternalError", "ServerTimeout", "Timeout", "ServiceUnavailable": return .serverError
        default: break
        }
        switch httpStatus {
        case 400: return .badRequest
        case 401: return .unauthorized
        case 403: return .forbidden
        case 404: return .notFound
        case 409: return .conflict
        case 410: return .gone
        case 422: return .invalid
        case 429: return .tooManyRequests
        case 500...: return .serverError
        default: return .badRequest
        }
    }

    /// Wraps a transport failure of KubeLegoHTTP; cancellation keeps its own code.
    init(_ error: HTTPError, verb: String, object: String?) {
        let code: Code = error.code == .cancelled ? .cancelled : .transport
        self.init(code, error.description, object: object, verb: verb)
    }
}
