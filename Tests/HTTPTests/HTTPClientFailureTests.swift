@testable import KubeLegoHTTP
import KubeLegoTestKit
import Testing

@Suite("Failures map to the right HTTPError code")
struct HTTPClientFailureTests {
    @Test("a response slower than the total timeout fails with .timedOut")
    func totalTimeout() async throws {
        let route: TestRoute = { _, response in
            try await response.writeHead(status: 200)
            try await response.write("partial")
            try await Task.sleep(for: .seconds(30))
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient(configure: { $0.timeout = .seconds(30) }) { client in
                var request = HTTPRequest(url: server.url("/slow"))
                request.timeout = .milliseconds(300)
                let error = await #expect(throws: HTTPError.self) { try await client.execute(request) }
                #expect(error?.code == .timedOut)
                #expect(error?.description.hasPrefix("GET \(server.url("/slow")): timed out after 300ms") == true)
            }
        }
    }

    @Test("connecting to a closed port fails with .couldNotConnect")
    func closedPortRefused() async throws {
        try await withRefusedPort { port in
            try await withClient { client in
                let error = await #expect(throws: HTTPError.self) {
                    try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/"))
                }
                #expect(error?.code == .couldNotConnect)
            }
        }
    }

    @Test("a body cut short of its Content-Length fails with .transfer")
    func truncated() async throws {
        let route: TestRoute = { _, response in
            try await response.writeHead(status: 200, headers: [("Content-Length", "100")])
            try await response.write("only ten b")
            response.closeConnection()
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                let error = await #expect(throws: HTTPError.self) {
                    try await client.execute(HTTPRequest(url: server.url("/cut")))
                }
                #expect(error?.code == .transfer)
            }
        }
    }

    @Test("requests that could smuggle lines or use other schemes are refused before sending", arguments: [
        HTTPRequest(url: "ftp://127.0.0.1/file"),
        HTTPRequest(url: "http://127.0.0.1/a b"),
        HTTPRequest(method: "GET /x HTTP/1.1\r\n", url: "http://127.0.0.1/"),
        HTTPRequest(url: "http://127.0.0.1/", headers: ["X-Evil": "a\r\nInjected: yes"]),
        HTTPRequest(url: "http://127.0.0.1/", headers: ["Bad Name": "x"]),
    ])
    func invalidRequests(request: HTTPRequest) async throws {
        try await withClient { client in
            let error = await #expect(throws: HTTPError.self) { try await client.execute(request) }
            #expect(error?.code == .invalidRequest)
        }
    }

    @Test("credentials in the URL never appear in errors")
    func credentialsRedacted() async throws {
        try await withRefusedPort { port in
            try await withClient { client in
                let error = await #expect(throws: HTTPError.self) {
                    try await client.execute(HTTPRequest(url: "http://user:hunter2@127.0.0.1:\(port)/x"))
                }
                #expect(error?.url == "http://127.0.0.1:\(port)/x")
                #expect(error?.description.contains("hunter2") == false)
            }
        }
    }
}
