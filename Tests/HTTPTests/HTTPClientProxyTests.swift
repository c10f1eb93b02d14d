@testable import KubeLegoHTTP
import KubeLegoTestKit
import Testing

@Suite("Proxies come from the environment given to the client, and NO_PROXY is honoured")
struct HTTPClientProxyTests {
    @Test("with a dead proxy, NO_PROXY=127.0.0.1 reaches the server directly; without it the request fails")
    func noProxy() async throws {
        try await withRefusedPort { port in try await noProxy(deadProxy: "http://127.0.0.1:\(port)") }
    }

    private func noProxy(deadProxy: String) async throws {
        try await LocalTestServer.with(route: echoRoute) { server in
            try await withClient(environment: ["HTTP_PROXY": deadProxy, "NO_PROXY": "127.0.0.1"]) { client in
                let response = try await client.execute(HTTPRequest(url: server.url("/direct")))
                #expect(response.status == 200)
            }
            try await withClient(environment: ["http_proxy": deadProxy, "no_proxy": "localhost,127.0.0.0/8"]) {
                let response = try await $0.execute(HTTPRequest(url: server.url("/direct")))
                #expect(response.status == 200)
            }
            try await withClient(environment: ["HTTP_PROXY": deadProxy]) { client in
                let error = await #expect(throws: HTTPError.self) {
                    try await client.execute(HTTPRequest(url: server.url("/direct")))
                }
                #expect(error?.code == .couldNotConnect)
            }
            try await withClient(environment: ["HTTP_PROXY": deadProxy],
                                 configure: { $0.useEnvironmentProxy = false }) { client in
                let response = try await client.execute(HTTPRequest(url: server.url("/direct")))
                #expect(response.status == 200)
            }
        }
    }

    @Test("an https proxy variable does not apply to http URLs, and the http proxy is really used")
    func proxyUsed() async throws {
        try await withRefusedPort { port in try await proxyUsed(deadProxy: "http://127.0.0.1:\(port)") }
    }

    private func proxyUsed(deadProxy: String) async throws {
        // The local server plays the proxy: a proxied request carries the absolute URL.
        try await LocalTestServer.with(route: echoRoute) { proxy in
            try await withClient(environment: ["HTTP_PROXY": proxy.url(""), "HTTPS_PROXY": deadProxy]) { client in
                let response = try await client.execute(HTTPRequest(url: "http://service.invalid:8080/path"))
                #expect(response.text == "GET http://service.invalid:8080/path ")
            }
        }
    }
}
