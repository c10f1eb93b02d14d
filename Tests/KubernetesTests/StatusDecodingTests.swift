import KubeLegoHTTP
@testable import KubeLegoKube
import Testing

@Suite("metav1.Status into KubeError")
struct StatusDecodingTests {
    static func status(_ code: Int, _ reason: String, _ message: String, details: String = "") -> [UInt8] {
        let detailsMember = details.isEmpty ? "" : ",\"details\":\(details)"
        return Array("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"\(message)","reason":"\(reason)","code":\(code)\(detailsMember)}
            """.utf8)
    }

    @Test(arguments: [
        (404, "NotFound", KubeError.Code.notFound), (409, "AlreadyExists", .alreadyExists), (409, "Conflict", .conflict),
        (410, "Gone", .gone), (410, "Expired", .gone), (422, "Invalid", .invalid), (400, "BadRequest", .badRequest),
        (403, "Forbidden", .forbidden), (401, "Unauthorized", .unauthorized), (429, "TooManyRequests", .tooManyRequests),
        (500, "InternalError", .serverError), (503, "ServiceUnavailable", .serverError), (504, "Timeout", .serverError),
    ])
    func reasonDecidesTheCode(httpStatus: Int, reason: String, code: KubeError.Code) {
        let error = KubeError(
            status: httpStatus, headers: [:], body: Self.status(httpStatus, reason, "the message"), verb: "get",
            object: "Ingress ns/web")
        #expect(error.code == code)
        #expect(error.reason == "the message")
        #expect(error.status == httpStatus)
        #expect(error.description == "get Ingress ns/web: the message (\(code.rawValue))")
    }

    @Test(arguments: [
        (401, KubeError.Code.unauthorized), (403, .forbidden), (404, .notFound), (409, .conflict), (410, .gone),
        (422, .invalid), (429, .tooManyRequests), (500, .serverError), (502, .serverError), (418, .badRequest),
    ])
    func httpStatusDecidesWithoutAStatusBody(httpStatus: Int, code: KubeError.Code) {
        let error = KubeError(status: httpStatus, headers: [:], body: Array("<html>proxy error</html>".utf8), verb: "list", object: nil)
        #expect(error.code == code)
        #expect(error.reason == "HTTP \(httpStatus)")
    }

    @Test func retryAfterFromHeaderOrDetails() {
        let fromHeader = KubeError(
            status: 429, headers: ["Retry-After": "7"], body: Self.status(429, "TooManyRequests", "slow down"), verb: "list",
            object: nil)
        #expect(fromHeader.retryAfter == .seconds(7))
        let fromDetails = KubeError(
            status: 429, headers: [:], body: Self.status(429, "TooManyRequests", "slow down", details: "{\"retryAfterSeconds\":3}"),
            verb: "list", object: nil)
        #expect(fromDetails.retryAfter == .seconds(3))
        #expect(fromDetails.isTransient)
    }

    @Test("a huge Retry-After header saturates at KubeError.maximumRetryAfter; a negative or odd one is dropped",
          arguments: [
              ("99999999999999999999", Optional(KubeError.maximumRetryAfter)), ("9223372036854775807", KubeError.maximumRetryAfter),
              (String(repeating: "9", count: 400), KubeError.maximumRetryAfter), ("600", .seconds(600)), ("0", .zero),
              ("-5", nil), ("1e300", nil), ("soon", nil),
          ] as [(String, Duration?)])
    func hugeRetryAfterHeader(header: String, expected: Duration?) {
        let error = KubeError(
            status: 429, headers: ["Retry-After": header], body: Self.status(429, "TooManyRequests", "slow down"), verb: "list",
            object: nil)
        #expect(error.retryAfter == expected)
        #expect(KubeError.maximumRetryAfter == .seconds(600))
    }

    @Test("huge or negative retryAfterSeconds in a Status saturate into 0...maximumRetryAfter", arguments: [
        ("9223372036854775807", KubeError.maximumRetryAfter), ("-9223372036854775808", Duration.zero), ("3", .seconds(3)),
    ])
    func hugeRetryAfterDetails(seconds: String, expected: Duration) {
        let error = KubeError(
            status: 429, headers: [:],
            body: Self.status(429, "TooManyRequests", "slow down", details: "{\"retryAfterSeconds\":\(seconds)}"),
            verb: "list", object: nil)
        #expect(error.retryAfter == expected)
    }

    @Test("an informer never sleeps longer than maximumRetryAfter for the server, whatever the error carries")
    func informerWaitIsBounded() {
        let backoff = Backoff(initial: .milliseconds(10), maximum: .seconds(1), jitter: 0)
        #expect(Informer<ConfigMap>.delay(backoff: backoff, attempt: 1, serverAsked: .seconds(Int64.max)) == KubeError.maximumRetryAfter)
        #expect(Informer<ConfigMap>.delay(backoff: backoff, attempt: 1, serverAsked: .seconds(-100)) == .milliseconds(10))
        #expect(Informer<ConfigMap>.delay(backoff: backoff, attempt: 1, serverAsked: .seconds(5)) == .seconds(5))
        #expect(Informer<ConfigMap>.delay(backoff: backoff, attempt: 40, serverAsked: nil) == .seconds(1))
    }

    @Test func watchErrorEventsDecodeTheirStatus() throws {
        let line = Array("{\"type\":\"ERROR\",\"object\":".utf8) + Self.status(410, "Expired", "too old resource version: 5 (10)") + [UInt8(ascii: "}")]
        let event = try WatchEvent<Ingress>(line: line[...], label: "Ingress */*")
        guard case .error(let error) = event else {
            Issue.record("expected an error event, got \(event)")
            return
        }
        #expect(error.code == .gone)
        #expect(error.status == 410)
        #expect(error.verb == "watch")
    }

    @Test func watchEventsDecode() throws {
        let added = try WatchEvent<ConfigMap>(
            line: Array(#"{"type":"ADDED","object":{"kind":"ConfigMap","metadata":{"name":"a","namespace":"n","resourceVersion":"12"}}}"#.utf8)[...],
            label: "x")
        guard case .added(let map) = added else { Issue.record("expected ADDED"); return }
        #expect(map.key == ObjectKey(namespace: "n", name: "a"))
        #expect(added.resourceVersion == "12")
        let bookmark = try WatchEvent<ConfigMap>(
            line: Array(#"{"type":"BOOKMARK","object":{"kind":"ConfigMap","metadata":{"resourceVersion":"99"}}}"#.utf8)[...], label: "x")
        #expect(bookmark.resourceVersion == "99")
        #expect(throws: KubeError.self) { try WatchEvent<ConfigMap>(line: Array(#"{"type":"WHAT","object":{}}"#.utf8)[...], label: "x") }
        #expect(throws: KubeError.self) { try WatchEvent<ConfigMap>(line: Array("{not json".utf8)[...], label: "x") }
    }
}
