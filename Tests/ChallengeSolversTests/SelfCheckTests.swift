@testable import KubeLegoChallengeSolvers
import KubeLegoHTTP
import KubeLegoTestKit
import Logging
import Testing

/// The self-check against real local servers: our responder, another responder, scripted misbehaviour.
@Suite("HTTP-01 self-check")
struct SelfCheckTests {
    let host = "app.example"
    let token = "tok-123_ABC"
    let keyAuthorization = "tok-123_ABC.thumbprint"

    func makeClient() throws -> HTTPClient {
        var configuration = HTTPClientConfiguration()
        configuration.useEnvironmentProxy = false
        return try HTTPClient(configuration: configuration)
    }

    /// A quick policy: waits 1 s, 2 s, 4 s, 8 s (no jitter), budget 20 s (on the recording clock).
    func quickBackoff() -> ExponentialBackoff {
        ExponentialBackoff(initialInterval: .seconds(1), multiplier: 2, maxInterval: .seconds(60), maxElapsedTime: .seconds(20), randomizationFactor: 0)
    }

    /// A check on `quickBackoff()`'s schedule alone (no quick retries, unless `quickRetry` is given).
    func makeCheck(instanceID: String, port: Int, client: HTTPClient, clock: RecordingClock = RecordingClock(),
                   quickRetry: Duration? = nil) -> SelfCheck {
        SelfCheck(
            instanceID: instanceID,
            configuration: SelfCheck.Configuration(address: "127.0.0.1:\(port)", backoff: quickBackoff(), quickRetry: quickRetry,
                                                   requestTimeout: .seconds(5)),
            client: client,
            clock: clock.retryClock,
            logger: Logger(label: "test.self-check")
        )
    }

    /// Runs the check and returns the SolverError it throws.
    func failure(of check: SelfCheck) async throws -> SolverError {
        do {
            try await check.verify(host: host, token: token, keyAuthorization: keyAuthorization)
        } catch let error as SolverError {
            return error
        }
        throw FixtureError(description: "the self-check passed but should have failed")
    }

    @Test("passes against the running responder through the self-check address, sending Host: <domain>")
    func passes() async throws {
        let client = try makeClient()
        let clock = RecordingClock()
        let tokens = ChallengeTokenStore()
        tokens.register(host: host, token: token, keyAuthorization: keyAuthorization)
        try await withResponder(tokens: tokens) { responder, port in
            let check = makeCheck(instanceID: responder.instanceID, port: port, client: client, clock: clock)
            try await check.verify(host: host, token: token, keyAuthorization: keyAuthorization)
        }
        #expect(clock.sleeps == [.milliseconds(300), .milliseconds(300)], "three passes in a row, no back-off")
        await client.shutdown()
    }

    @Test("a pass followed by a failure starts the count again: one good answer does not prove the route")
    func passesMustBeConsecutive() async throws {
        let client = try makeClient()
        let tokens = ChallengeTokenStore()
        tokens.register(host: host, token: token, keyAuthorization: keyAuthorization)
        let (host, token, keyAuthorization) = (self.host, self.token, self.keyAuthorization)
        // After the first pass the token disappears for one attempt, as when an old nginx worker answers.
        let clock = RecordingClock { sleeps in
            if sleeps == 1 { tokens.remove(host: host, token: token) }
            if sleeps == 2 { tokens.register(host: host, token: token, keyAuthorization: keyAuthorization) }
        }
        try await withResponder(tokens: tokens) { responder, port in
            let check = makeCheck(instanceID: responder.instanceID, port: port, client: client, clock: clock)
            try await check.verify(host: host, token: token, keyAuthorization: keyAuthorization)
        }
        #expect(clock.sleeps.count == 4, "pass, fail (back-off), then three passes: \(clock.sleeps)")
        #expect(clock.sleeps.first == .milliseconds(300))
        #expect(clock.sleeps.dropFirst().first == .seconds(1), "the failure backs off as a first failure")
        await client.shutdown()
    }

    @Test("a route that is not served yet is polled quickly (100, 200, 400 ms...) until the back-off's wait is shorter")
    func quickRetries() async throws {
        let client = try makeClient()
        let tokens = ChallengeTokenStore()
        let (host, token, keyAuthorization) = (self.host, self.token, self.keyAuthorization)
        // The route serves after the fourth wait, as when the data plane has reloaded.
        let clock = RecordingClock { sleeps in
            if sleeps == 4 { tokens.register(host: host, token: token, keyAuthorization: keyAuthorization) }
        }
        try await withResponder(tokens: tokens) { responder, port in
            let check = makeCheck(instanceID: responder.instanceID, port: port, client: client, clock: clock, quickRetry: .milliseconds(100))
            try await check.verify(host: host, token: token, keyAuthorization: keyAuthorization)
        }
        #expect(clock.sleeps == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                                 .milliseconds(300), .milliseconds(300)], "four quick retries, then three passes")
        #expect(SelfCheck.wait(beforeRetry: 3, scheduled: .seconds(8), quickRetry: .milliseconds(100)) == .milliseconds(800))
        #expect(SelfCheck.wait(beforeRetry: 4, scheduled: .seconds(1), quickRetry: .milliseconds(100)) == .seconds(1),
                "the back-off's wait takes over once shorter")
        #expect(SelfCheck.wait(beforeRetry: 200, scheduled: .seconds(60), quickRetry: .milliseconds(100)) == .seconds(60))
        #expect(SelfCheck.wait(beforeRetry: 0, scheduled: .seconds(30), quickRetry: nil) == .seconds(30))
        #expect(SelfCheck.Configuration().quickRetry == .milliseconds(100), "on by default")
        await client.shutdown()
    }

    @Test("a 404 is reported with its status and body, after the back-off schedule 1, 2, 4, 8 s")
    func notFound() async throws {
        let client = try makeClient()
        let clock = RecordingClock()
        let server = try await ScriptedHTTPServer.start(.respond(status: 404, headers: [], body: "default backend - 404"))
        let error = try await failure(of: makeCheck(instanceID: "OurOwnInstanceId", port: server.port, client: client, clock: clock))
        #expect(error.code == .selfCheckFailed)
        #expect(error.host == host)
        #expect(error.reason.contains("after 5 attempts"))
        #expect(error.reason.contains("answered 404 with body \"default backend - 404\""))
        #expect(error.reason.contains("GET http://127.0.0.1:\(server.port)/.well-known/acme-challenge/_selftest (Host: app.example)"))
        #expect(error.reason.contains("attempts 1-5: GET"), "identical observations are described once")
        #expect(clock.sleeps == [.seconds(1), .seconds(2), .seconds(4), .seconds(8)])
        #expect(server.requests.count == 5)
        #expect(server.requests.allSatisfy { $0 == .init(uri: "/.well-known/acme-challenge/_selftest", host: "app.example") })
        await server.stop()
        await client.shutdown()
    }

    @Test("a 502 from a load balancer is reported with the start of its body")
    func badGateway() async throws {
        let client = try makeClient()
        let body = "<html>" + String(repeating: "x", count: 400) + "</html>"
        let server = try await ScriptedHTTPServer.start(.respond(status: 502, headers: [], body: body))
        let error = try await failure(of: makeCheck(instanceID: "OurOwnInstanceId", port: server.port, client: client))
        #expect(error.reason.contains("answered 502 with body \"<html>xxx"))
        #expect(error.reason.contains("xxx\"…"), "the body is cut at 128 characters")
        #expect(!error.reason.contains("</html>"))
        await server.stop()
        await client.shutdown()
    }

    /// A check that makes one attempt against `port`.
    func singleAttemptCheck(port: Int, client: HTTPClient) -> SelfCheck {
        SelfCheck(
            instanceID: "OurOwnInstanceId",
            configuration: .init(
                address: "127.0.0.1:\(port)", backoff: ExponentialBackoff(initialInterval: .seconds(1), maxElapsedTime: .zero),
                requestTimeout: .seconds(30)),
            client: client,
            clock: RecordingClock().retryClock)
    }

    @Test("a host answering an endless body fails the check at 4 KiB with a short, clear error")
    func endlessBody() async throws {
        let client = try makeClient()
        let server = try await ScriptedHTTPServer.start(.endless(status: 200, chunk: String(repeating: "A", count: 16 * 1024)))
        let error = try await failure(of: singleAttemptCheck(port: server.port, client: client))
        #expect(SelfCheck.Configuration().maxBodyBytes == 4096)
        #expect(error.code == .selfCheckFailed)
        #expect(error.reason.contains("exceeds the limit of 4096 bytes"))
        #expect(error.reason.contains("something else answers this path"))
        #expect(error.reason.utf8.count < 1024, "the error stays short: \(error.reason.utf8.count) bytes")
        #expect(!error.reason.contains("AAAAAAAA"))
        await client.shutdown()
        await server.stop()
        // The client hung up long before the HTTP client's 64 MiB default (socket buffers hold a few MiB).
        #expect(server.bodyBytesWritten < 32 << 20, "\(server.bodyBytesWritten) bytes were written")
    }

    @Test("a body announced by Content-Length over the limit fails without being read")
    func announcedHugeBody() async throws {
        let client = try makeClient()
        let server = try await ScriptedHTTPServer.start(.respond(status: 404, headers: [], body: String(repeating: "B", count: 1 << 20)))
        let error = try await failure(of: singleAttemptCheck(port: server.port, client: client))
        #expect(error.reason.contains("exceeds the limit of 4096 bytes"))
        #expect(!error.reason.contains("BBBB"))
        #expect(error.reason.utf8.count < 1024)
        await server.stop()
        await client.shutdown()
    }

    @Test("control characters, line breaks and bidi overrides in an answer are escaped in the error")
    func hostileBodyIsEscaped() async throws {
        let client = try makeClient()
        let body = "\u{1B}[2J\u{1B}[31mowned\r\nX-Fake: 1\u{202E}" + String(repeating: "z", count: 300)
        let server = try await ScriptedHTTPServer.start(.respond(status: 404, headers: [], body: body))
        let error = try await failure(of: singleAttemptCheck(port: server.port, client: client))
        #expect(error.reason.contains("with body \"\\u{1B}[2J\\u{1B}[31mowned\\r\\nX-Fake: 1\\u{202E}zzz"))
        #expect(error.reason.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) || $0 == "…" }, "\(error.reason)")
        #expect(error.reason.contains("zzz\"…"))
        await server.stop()
        await client.shutdown()
    }

    @Test("another instance's id is named as such")
    func wrongInstance() async throws {
        let client = try makeClient()
        try await withResponder(instanceID: "SomeoneElsesIdXy") { _, port in
            let error = try await failure(of: makeCheck(instanceID: "OurOwnInstanceId", port: port, client: client))
            #expect(error.reason.contains("answered with another instance's id SomeoneElsesIdXy"))
        }
        await client.shutdown()
    }

    @Test("a 301 to https is reported with its Location and not followed")
    func httpsRedirect() async throws {
        let client = try makeClient()
        let location = "https://app.example/.well-known/acme-challenge/_selftest"
        let server = try await ScriptedHTTPServer.start(.respond(status: 301, headers: [("Location", location)], body: ""))
        let error = try await failure(of: makeCheck(instanceID: "OurOwnInstanceId", port: server.port, client: client))
        #expect(error.reason.contains("answered 301 redirecting to \(location)"))
        #expect(error.reason.contains("ssl-redirect"))
        #expect(server.requests.count == 5, "one request per attempt: the redirect was not followed")
        await server.stop()
        await client.shutdown()
    }

    @Test("a closed port is reported as a connection failure")
    func closedPort() async throws {
        let client = try makeClient()
        let error = try await withRefusedPort { port in
            try await failure(of: makeCheck(instanceID: "OurOwnInstanceId", port: port, client: client))
        }
        #expect(error.reason.contains("could not connect"))
        await client.shutdown()
    }

    @Test("a server that never answers is reported as a timeout")
    func timeout() async throws {
        let client = try makeClient()
        let server = try await ScriptedHTTPServer.start(.hang)
        let check = SelfCheck(
            instanceID: "OurOwnInstanceId",
            configuration: .init(
                address: "127.0.0.1:\(server.port)",
                backoff: ExponentialBackoff(initialInterval: .seconds(1), maxElapsedTime: .zero),
                requestTimeout: .milliseconds(300)
            ),
            client: client,
            clock: RecordingClock().retryClock
        )
        let error = try await failure(of: check)
        #expect(error.reason.contains("after 1 attempt in"))
        #expect(error.reason.contains("timed out"))
        await server.stop()
        await client.shutdown()
    }

    @Test("a name that does not resolve is reported as a DNS failure")
    func dnsFailure() async throws {
        let client = try makeClient()
        let check = SelfCheck(
            instanceID: "OurOwnInstanceId",
            configuration: .init(backoff: ExponentialBackoff(maxElapsedTime: .zero), requestTimeout: .seconds(20)),
            client: client,
            clock: RecordingClock().retryClock
        )
        do {
            try await check.verify(host: "kube-lego-self-check.invalid", token: token, keyAuthorization: keyAuthorization)
            Issue.record("a .invalid name resolved")
        } catch let error as SolverError {
            #expect(error.reason.contains("GET http://kube-lego-self-check.invalid/.well-known/acme-challenge/_selftest: DNS lookup failed"))
        }
        await client.shutdown()
    }

    @Test("a route that serves _selftest but not the token fails before the CA is asked")
    func tokenNotServed() async throws {
        let client = try makeClient()
        try await withResponder { responder, port in
            let error = try await failure(of: makeCheck(instanceID: responder.instanceID, port: port, client: client))
            #expect(error.reason.contains("/.well-known/acme-challenge/\(token) (Host: app.example) answered 404"))
        }
        await client.shutdown()
    }

    @Test("disabled: returns at once without a request")
    func disabled() async throws {
        let client = try makeClient()
        let server = try await ScriptedHTTPServer.start(.respond(status: 500, headers: [], body: ""))
        let check = SelfCheck(instanceID: "x", configuration: .init(enabled: false, address: "127.0.0.1:\(server.port)"), client: client)
        try await check.verify(host: host, token: token, keyAuthorization: keyAuthorization)
        #expect(server.requests.isEmpty)
        await server.stop()
        await client.shutdown()
    }

    @Test("cancelling the waiting task ends the check with CancellationError")
    func cancellation() async throws {
        let client = try makeClient()
        let server = try await ScriptedHTTPServer.start(.respond(status: 404, headers: [], body: ""))
        let check = SelfCheck(
            instanceID: "x",
            configuration: .init(address: "127.0.0.1:\(server.port)", backoff: ExponentialBackoff(initialInterval: .seconds(600), maxInterval: .seconds(600), maxElapsedTime: .seconds(3600))),
            client: client
        )
        let task = Task { try await check.verify(host: host, token: token, keyAuthorization: keyAuthorization) }
        while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        await server.stop()
        await client.shutdown()
    }

    @Test("request targets: bracketed IPv6, address with Host header")
    func targets() throws {
        let client = try makeClient()
        let direct = SelfCheck(instanceID: "x", client: client)
        #expect(direct.target(host: "a.example", path: "/p") == ("http://a.example/p", nil))
        #expect(direct.target(host: "2001:db8::1", path: "/p") == ("http://[2001:db8::1]/p", nil))
        let viaAddress = SelfCheck(instanceID: "x", configuration: .init(address: "10.0.0.7:8080"), client: client)
        #expect(viaAddress.target(host: "a.example", path: "/p") == ("http://10.0.0.7:8080/p", "a.example"))
        #expect(viaAddress.target(host: "::1", path: "/p") == ("http://10.0.0.7:8080/p", "[::1]"))
    }
}
