@testable import KubeLegoHTTP
import NIOPosix
import Testing

@Suite("The local test server itself")
struct LocalTestServerTests {
    // Other test targets in the same process may block every thread of Swift's cooperative pool for seconds
    // (waiting for child processes); a server scheduled there answered nothing, and client tests timed out.
    @Test("routes run on the server's event loop, not on Swift's cooperative pool")
    func routesRunOnTheEventLoop() async throws {
        let route: TestRoute = { _, response in
            try await Task.sleep(for: .milliseconds(1))  // still there after a suspension
            try await response.respond(text: "\(MultiThreadedEventLoopGroup.currentEventLoop != nil)")
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                let response = try await client.execute(HTTPRequest(url: server.url("/")))
                #expect(response.text == "true")
            }
        }
    }
}
