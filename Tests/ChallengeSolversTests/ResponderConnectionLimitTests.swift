import KubeLegoChallengeSolvers
import Testing

/// How many connections the responder holds, how many requests one connection gets, and how long an idle one
/// lives: over real sockets.
@Suite("HTTP-01 responder connection limits")
struct ResponderConnectionLimitTests {
    /// True when the server closed the connection without sending a byte (a write into it may fail too).
    func closedWithoutAnswer(port: Int) async -> Bool {
        do {
            let outcome = try await RawHTTPExchange.send(rawRequest("GET", "/healthz", host: "x"), port: port)
            return outcome.closedByServer && outcome.text.isEmpty
        } catch {
            return true
        }
    }

    @Test("the defaults: 512 connections, 100 requests per connection")
    func defaults() {
        let limits = HTTP01Responder.Limits()
        #expect(limits.maxConnections == 512)
        #expect(limits.maxRequestsPerConnection == 100)
    }

    @Test("a connection beyond maxConnections is closed at once without an answer, and counted")
    func connectionCap() async throws {
        let limits = HTTP01Responder.Limits(headTimeout: .seconds(120), maxConnections: 3)
        try await withResponder(limits: limits) { responder, port in
            var held: [HeldConnection] = []
            for _ in 0..<3 { held.append(try await HeldConnection.open(port: port)) }
            #expect(responder.refusedConnections == 0)

            #expect(await closedWithoutAnswer(port: port), "the fourth connection is closed")
            #expect(responder.refusedConnections == 1)
            #expect(await closedWithoutAnswer(port: port))
            #expect(responder.refusedConnections == 2)

            // Closing one frees its place; the server notices the close on its own event loop, so try until
            // a connection is answered (each try is a real exchange, not a sleep).
            await held.removeFirst().close()
            var answered = false
            for _ in 0..<200 where !answered {
                answered = (try? await fetch("/healthz", host: "x", port: port))?.status == 200
            }
            #expect(answered, "a place freed by a closed connection is used again")
            for connection in held { await connection.close() }
        }
    }

    @Test("the answer to request maxRequestsPerConnection carries Connection: close and the connection closes")
    func requestsPerConnection() async throws {
        // A head timeout longer than the exchange's own timer: only the request limit can close the connection.
        try await withResponder(limits: .init(headTimeout: .seconds(120), maxRequestsPerConnection: 3)) { _, port in
            let request = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            let outcome = try await RawHTTPExchange.send(String(repeating: request, count: 4), port: port, timeout: .seconds(30))
            #expect(outcome.closedByServer)
            let responses = RawHTTPResponse.parseAll(outcome.text)
            #expect(responses.map(\.status) == [200, 200, 200], "the fourth request is not answered")
            #expect(responses.map { $0.header("Connection") } == [nil, nil, "close"])
        }
    }

    @Test("N requests on a connection allowing N all pass; only the Nth says Connection: close")
    func exactlyTheLimit() async throws {
        try await withResponder(limits: .init(headTimeout: .seconds(120), maxRequestsPerConnection: 2)) { _, port in
            let keepAlive = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            let outcome = try await RawHTTPExchange.send(keepAlive + keepAlive, port: port, timeout: .seconds(30))
            #expect(outcome.closedByServer, "closed by the limit, not by the head timeout or the test's timer")
            #expect(RawHTTPResponse.parseAll(outcome.text).map { $0.header("Connection") } == [nil, "close"])
        }
    }

    @Test("an idle keep-alive connection is closed after the head timeout, though its last request succeeded")
    func idleKeepAlive() async throws {
        try await withResponder(limits: .init(headTimeout: .milliseconds(300))) { _, port in
            let outcome = try await RawHTTPExchange.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", port: port, timeout: .seconds(30))
            #expect(outcome.closedByServer, "the server closed the idle connection before the test's 30 s timer")
            let responses = RawHTTPResponse.parseAll(outcome.text)
            #expect(responses.map(\.status) == [200])
            #expect(responses.first?.header("Connection") == nil, "the answer itself kept the connection alive")
        }
    }
}
