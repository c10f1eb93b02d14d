import KubeLegoChallengeSolvers
import Logging

/// Runs an `HTTP01Responder` on 127.0.0.1 with a free port for the duration of `body`, then cancels it and
/// waits until `run()` has returned.
func withResponder<T>(
    instanceID: String = "testInstanceIDab",
    tokens: ChallengeTokenStore = ChallengeTokenStore(),
    host: String = "127.0.0.1",
    limits: HTTP01Responder.Limits = HTTP01Responder.Limits(),
    _ body: (HTTP01Responder, Int) async throws -> T
) async throws -> T {
    let responder = HTTP01Responder(
        host: host,
        port: 0,
        version: "v9.9.9-test",
        instanceID: instanceID,
        tokens: tokens,
        limits: limits,
        logger: Logger(label: "test.responder")
    )
    return try await responder.serving { address in try await body(responder, address.port) }
}

/// A GET (or other method) request head with `Connection: close`, as raw text.
func rawRequest(_ method: String = "GET", _ path: String, host: String?, extraHeaders: [String] = []) -> String {
    var lines = ["\(method) \(path) HTTP/1.1"]
    if let host { lines.append("Host: \(host)") }
    lines += extraHeaders
    lines.append("Connection: close")
    return lines.joined(separator: "\r\n") + "\r\n\r\n"
}

/// Sends one request and parses the one response.
func fetch(_ path: String, method: String = "GET", host: String?, port: Int, extraHeaders: [String] = []) async throws -> RawHTTPResponse {
    let outcome = try await RawHTTPExchange.send(rawRequest(method, path, host: host, extraHeaders: extraHeaders), port: port)
    guard let response = RawHTTPResponse.parse(outcome.text, bodiless: method == "HEAD") else {
        throw FixtureError(description: "no HTTP response in \(outcome.text.debugDescription)")
    }
    return response
}

/// A test-setup failure with a message.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
}
