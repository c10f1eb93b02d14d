import KubeLegoChallengeSolvers
import Testing

/// Methods, bodies, size and time limits, keep-alive: the responder's HTTP hygiene, over real sockets.
@Suite("HTTP-01 responder protocol limits")
struct ResponderProtocolTests {
    @Test("HEAD gets GET's headers and no body")
    func head() async throws {
        let tokens = ChallengeTokenStore()
        tokens.register(host: "h.example", token: "tok", keyAuthorization: "tok.thumbprint")
        try await withResponder(tokens: tokens) { _, port in
            let outcome = try await RawHTTPExchange.send(rawRequest("HEAD", "/.well-known/acme-challenge/tok", host: "h.example"), port: port)
            let response = try #require(RawHTTPResponse.parse(outcome.text, bodiless: true))
            #expect(response.status == 200)
            #expect(response.header("Content-Length") == "\("tok.thumbprint".utf8.count)")
            #expect(response.header("Content-Type") == "text/plain")
            #expect(outcome.text.hasSuffix("\r\n\r\n"), "no body bytes after the head")
        }
    }

    @Test("POST is 405 with Allow: GET, HEAD", arguments: ["POST", "PUT", "DELETE", "OPTIONS"])
    func methodNotAllowed(method: String) async throws {
        try await withResponder { _, port in
            let response = try await fetch("/.well-known/acme-challenge/_selftest", method: method, host: "x", port: port)
            #expect(response.status == 405)
            #expect(response.header("Allow") == "GET, HEAD")
            #expect(response.body == "kube-lego (version v9.9.9-test) - method not allowed")
        }
    }

    @Test("a POST with a body gets 405 and the connection is closed without reading the body")
    func postWithBody() async throws {
        try await withResponder { _, port in
            let request = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\npartial"
            let outcome = try await RawHTTPExchange.send(request, port: port)
            #expect(outcome.closedByServer)
            let response = try #require(RawHTTPResponse.parse(outcome.text))
            #expect(response.status == 405)
            #expect(response.header("Connection") == "close")
        }
    }

    @Test("a GET with a body is refused with 413 and closed", arguments: [
        "Content-Length: 5\r\n\r\nhello", "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    ])
    func getWithBody(bodyPart: String) async throws {
        try await withResponder { _, port in
            let outcome = try await RawHTTPExchange.send("GET / HTTP/1.1\r\nHost: x\r\n" + bodyPart, port: port)
            #expect(outcome.closedByServer)
            let response = try #require(RawHTTPResponse.parse(outcome.text))
            #expect(response.status == 413)
        }
    }

    @Test("a request head over the limit is answered 431 and closed")
    func oversizedHead() async throws {
        try await withResponder(limits: .init(maxHeadBytes: 1024)) { _, port in
            let big = String(repeating: "a", count: 2000)
            let outcome = try await RawHTTPExchange.send(rawRequest("GET", "/", host: "x", extraHeaders: ["X-Big: \(big)"]), port: port)
            #expect(outcome.closedByServer)
            #expect(RawHTTPResponse.parse(outcome.text)?.status == 431)
            let small = try await fetch("/", host: "x", port: port, extraHeaders: ["X-Small: \(String(repeating: "a", count: 500))"])
            #expect(small.status == 200, "heads under the limit still pass")
        }
    }

    @Test("a client that never finishes its head is disconnected after the head timeout")
    func slowClient() async throws {
        try await withResponder(limits: .init(headTimeout: .milliseconds(300))) { _, port in
            let outcome = try await RawHTTPExchange.send("GET / HTTP/1.1\r\nHost: x\r\n", port: port, timeout: .seconds(20))
            #expect(outcome.closedByServer)
            #expect(outcome.text.isEmpty)
        }
    }

    @Test("pipelined keep-alive requests are all answered, in order, on one connection")
    func keepAlive() async throws {
        try await withResponder(instanceID: "PipelinedIdAbcde") { _, port in
            let first = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            let second = "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"
            let third = "GET /.well-known/acme-challenge/_selftest HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            let outcome = try await RawHTTPExchange.send(first + second + third, port: port)
            let responses = RawHTTPResponse.parseAll(outcome.text, bodiless: [1])
            #expect(responses.map(\.status) == [200, 200, 200])
            #expect(responses.map(\.body) == ["ok", "", "PipelinedIdAbcde"])
            #expect(responses.last?.header("Connection") == "close")
        }
    }

    @Test("HTTP/1.0 without keep-alive is answered and closed")
    func http10() async throws {
        try await withResponder { _, port in
            let outcome = try await RawHTTPExchange.send("GET /healthz HTTP/1.0\r\n\r\n", port: port)
            #expect(outcome.closedByServer)
            let response = try #require(RawHTTPResponse.parse(outcome.text))
            #expect(response.status == 200)
            #expect(response.body == "ok")
        }
    }

    @Test("garbage is answered 400 and closed")
    func garbage() async throws {
        try await withResponder { _, port in
            let outcome = try await RawHTTPExchange.send("NOT HTTP AT ALL\r\n\r\n", port: port)
            #expect(outcome.closedByServer)
            #expect(RawHTTPResponse.parse(outcome.text)?.status == 400)
        }
    }
}
