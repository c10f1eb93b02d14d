import KubeLegoKube

/// One complete (non-streaming) HTTP answer.
struct SandboxResponse: Sendable {
    /// HTTP status code.
    var status: Int
    /// The body's media type.
    var contentType = "application/json"
    /// Extra headers (Content-Type and Content-Length are added when written).
    var headers: [(String, String)] = []
    /// JSON body bytes.
    var body: [UInt8]

    /// A JSON answer.
    static func json(_ value: JSONValue, status: Int = 200) -> Self {
        SandboxResponse(status: status, body: value.serialized())
    }

    /// An error as a `metav1.Status` with the matching HTTP code (and `Retry-After` for 429).
    static func failure(_ error: SandboxError) -> Self {
        var response = json(.object(error.status), status: error.httpStatus)
        if let seconds = error.retryAfterSeconds { response.headers.append(("Retry-After", String(seconds))) }
        return response
    }
}

extension SandboxError {
    /// The `metav1.Status` object for this error.
    var status: JSONObject {
        var json: JSONObject = ["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure"]
        json["message"] = .string(reason)
        json["reason"] = .string(code.rawValue)
        var details = JSONObject()
        if let name { details["name"] = .string(name) }
        if let group, !group.isEmpty { details["group"] = .string(group) }
        if let kind { details["kind"] = .string(kind) }
        if !causes.isEmpty {
            details["causes"] = .array(causes.map {
                ["reason": .string($0.type), "message": .string($0.message), "field": .string($0.field)]
            })
        }
        if let retryAfterSeconds { details["retryAfterSeconds"] = .int(retryAfterSeconds) }
        if !details.isEmpty { json["details"] = .object(details) }
        json["code"] = .int(httpStatus)
        return json
    }
}
