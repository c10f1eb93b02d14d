@testable import KubeLegoHTTP
import NIOHTTP1
import Testing

@Suite("Requests and responses over a real socket")
struct HTTPClientRequestTests {
    @Test("methods carry their bodies and any status code is a response", arguments: [
        ("GET", nil, 200), ("POST", "created", 201), ("PUT", "replaced", 200), ("PATCH", "{\"a\":1}", 422),
        ("DELETE", nil, 404), ("DELETE", "with body", 409),
    ] as [(String, String?, Int)])
    func methods(method: String, body: String?, status: Int) async throws {
        try await LocalTestServer.with(route: echoRoute) { server in
            try await withClient { client in
                var request = HTTPRequest(method: method, url: server.url("/things/1?x=y"),
                                          headers: ["X-Status": "\(status)"], body: body.map { Array($0.utf8) })
                request.timeout = .seconds(20)
                let response = try await client.execute(request)
                #expect(response.status == status)
                #expect(response.text == "\(method) /things/1?x=y \(body ?? "")")
                #expect(response.headers["Content-Length"] == "\(response.body.count)")
            }
        }
    }

    @Test("HEAD reads no body; POST without a body sends Content-Length 0 and no form content type")
    func headAndEmptyPost() async throws {
        let route: TestRoute = { request, response in
            if request.method == "HEAD" {
                try await response.writeHead(status: 200, headers: [("Content-Length", "1000")])
                try await response.end()
            } else {
                let length = request.headers.first(name: "Content-Length") ?? "none"
                let type = request.headers.first(name: "Content-Type") ?? "none"
                let expect = request.headers.first(name: "Expect") ?? "none"
                try await response.respond(text: "\(request.method) length=\(length) type=\(type) expect=\(expect)")
            }
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                let head = try await client.execute(HTTPRequest(method: "HEAD", url: server.url("/")))
                #expect(head.status == 200)
                #expect(head.body.isEmpty)
                #expect(head.headers["content-length"] == "1000")
                let post = try await client.execute(HTTPRequest(method: "POST", url: server.url("/")))
                #expect(post.text == "POST length=0 type=none expect=none")
            }
        }
    }

    @Test("a large body is sent whole, without waiting for 100 Continue")
    func largeBody() async throws {
        let body = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let route: TestRoute = { request, response in
            try await response.respond(text: "\(request.body.count) \(request.body == body)")
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                let response = try await client.execute(HTTPRequest(method: "PUT", url: server.url("/"), body: body))
                #expect(response.text == "\(3 << 20) true")
            }
        }
    }

    @Test("multi-valued response headers keep every value in order")
    func multiValuedHeaders() async throws {
        let route: TestRoute = { _, response in
            try await response.respond(headers: [
                ("Link", "<https://acme/dir>;rel=\"index\""), ("Replay-Nonce", "abc"),
                ("Link", "<https://acme/alt>;rel=\"alternate\""),
            ])
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                let response = try await client.execute(HTTPRequest(url: server.url("/")))
                #expect(response.headers.values("link") == [
                    "<https://acme/dir>;rel=\"index\"", "<https://acme/alt>;rel=\"alternate\"",
                ])
                #expect(response.headers["REPLAY-NONCE"] == "abc")
            }
        }
    }

    @Test("request headers, user agent and bearer token arrive; a request's own Authorization wins")
    func requestHeaders() async throws {
        let route: TestRoute = { request, response in
            let seen = ["Authorization", "User-Agent", "X-Empty", "Accept"].map {
                "\($0)=\(request.headers[$0].joined(separator: "|"))"
            }
            try await response.respond(text: seen.joined(separator: "\n"))
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient(configure: { $0.bearerToken = "s3cret"; $0.userAgent = "kube-lego/test" }) { client in
                let plain = try await client.execute(HTTPRequest(
                    url: server.url("/"), headers: HTTPHeaders([("Accept", "a/b"), ("Accept", "c/d"), ("X-Empty", "")])))
                #expect(plain.text == "Authorization=Bearer s3cret\nUser-Agent=kube-lego/test\nX-Empty=\nAccept=a/b|c/d")
                let own = try await client.execute(HTTPRequest(
                    url: server.url("/"), headers: ["Authorization": "Basic eDp5", "User-Agent": "mine"]))
                #expect(own.text.hasPrefix("Authorization=Basic eDp5\nUser-Agent=mine\n"))
            }
        }
    }

    @Test("an interim 100 Continue is dropped; the final response's headers remain")
    func continueDropped() async throws {
        let route: TestRoute = { _, response in
            try await response.writeHead(status: 100, headers: [("X-Interim", "yes")])
            try await response.respond(status: 201, headers: [("X-Final", "yes")], text: "done")
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                let response = try await client.execute(HTTPRequest(method: "POST", url: server.url("/"), body: [1]))
                #expect(response.status == 201)
                #expect(response.headers["X-Final"] == "yes")
                #expect(response.headers["X-Interim"] == nil)
                #expect(response.text == "done")
            }
        }
    }

    @Test("redirects are returned unless following is asked for; then only the last headers remain")
    func redirects() async throws {
        let route: TestRoute = { request, response in
            if request.uri == "/old" {
                try await response.respond(status: 302, headers: [("Location", "/new"), ("X-Hop", "old")], text: "moved")
            } else {
                try await response.respond(headers: [("X-Hop", "new")], text: "here")
            }
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                let unfollowed = try await client.execute(HTTPRequest(url: server.url("/old")))
                #expect(unfollowed.status == 302)
                #expect(unfollowed.headers["Location"] == "/new")
                #expect(unfollowed.text == "moved")

                var request = HTTPRequest(url: server.url("/old"))
                request.followRedirects = true
                let followed = try await client.execute(request)
                #expect(followed.status == 200)
                #expect(followed.headers.values("X-Hop") == ["new"])
                #expect(followed.headers["Location"] == nil)
                #expect(followed.text == "here")
            }
        }
    }

    @Test("bodies over maxResponseBytes fail with .responseTooLarge, with or without Content-Length")
    func responseTooLarge() async throws {
        let route: TestRoute = { request, response in
            let body = [UInt8](repeating: 65, count: 5000)
            if request.uri == "/chunked" {
                try await response.writeHead(status: 200)
                for start in stride(from: 0, to: body.count, by: 1000) {
                    try await response.write(Array(body[start..<start + 1000]))
                }
                try await response.end()
            } else {
                try await response.respond(body: body)
            }
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient(configure: { $0.maxResponseBytes = 4096 }) { client in
                for path in ["/sized", "/chunked"] {
                    let error = await #expect(throws: HTTPError.self) {
                        try await client.execute(HTTPRequest(url: server.url(path)))
                    }
                    #expect(error?.code == .responseTooLarge)
                    #expect(error?.url == server.url(path))
                }
            }
            try await withClient(configure: { $0.maxResponseBytes = 5000 }) { client in
                let response = try await client.execute(HTTPRequest(url: server.url("/chunked")))
                #expect(response.body.count == 5000)
            }
        }
    }

    @Test("a request's own maxResponseBytes overrides the client's limit, smaller or larger")
    func perRequestBodyLimit() async throws {
        let route: TestRoute = { request, response in
            let body = [UInt8](repeating: 65, count: 5000)
            if request.uri == "/chunked" {
                try await response.writeHead(status: 200)
                for start in stride(from: 0, to: body.count, by: 1000) {
                    try await response.write(Array(body[start..<start + 1000]))
                }
                try await response.end()
            } else {
                try await response.respond(body: body)
            }
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                for path in ["/sized", "/chunked"] {
                    var request = HTTPRequest(url: server.url(path))
                    request.maxResponseBytes = 4096
                    let error = await #expect(throws: HTTPError.self) { try await client.execute(request) }
                    #expect(error?.code == .responseTooLarge)
                    #expect(error?.reason.contains("4096 bytes") == true)
                }
                let unlimited = try await client.execute(HTTPRequest(url: server.url("/sized")))
                #expect(unlimited.body.count == 5000, "the next request uses the client's limit again")
            }
            try await withClient(configure: { $0.maxResponseBytes = 100 }) { client in
                var request = HTTPRequest(url: server.url("/chunked"))
                request.maxResponseBytes = 5000
                let response = try await client.execute(request)
                #expect(response.body.count == 5000)
            }
        }
    }
}
