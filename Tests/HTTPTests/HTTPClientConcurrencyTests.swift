@testable import KubeLegoHTTP
import Testing

@Suite("Concurrency, connection reuse, cancellation and shutdown", .timeLimit(.minutes(2)))
struct HTTPClientConcurrencyTests {
    @Test("50 concurrent slow requests complete while other tasks keep running")
    func fiftyConcurrent() async throws {
        let route: TestRoute = { request, response in
            try await Task.sleep(for: .milliseconds(200))
            try await response.respond(text: request.uri)
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                let ticker = TestTicker()
                let statuses = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                    group.addTask {
                        while !ticker.stopped {
                            try await Task.sleep(for: .milliseconds(10))
                            ticker.tick()
                        }
                        return (-1, "")
                    }
                    for index in 0..<50 {
                        group.addTask {
                            let response = try await client.execute(HTTPRequest(url: server.url("/\(index)")))
                            return (response.status, response.text)
                        }
                    }
                    var results: [(Int, String)] = []
                    for try await result in group where result.0 != -1 {
                        results.append(result)
                        if results.count == 50 { ticker.stop() }
                    }
                    return results
                }
                #expect(statuses.count == 50)
                #expect(statuses.allSatisfy { $0.0 == 200 })
                #expect(Set(statuses.map(\.1)) == Set((0..<50).map { "/\($0)" }))
                #expect(ticker.ticks > 0)
            }
        }
    }

    @Test("sequential requests reuse the connection")
    func connectionReuse() async throws {
        try await LocalTestServer.with(route: echoRoute) { server in
            try await withClient { client in
                for index in 0..<20 {
                    let response = try await client.execute(HTTPRequest(url: server.url("/\(index)")))
                    #expect(response.status == 200)
                }
                #expect(server.stats.requests == 20)
                #expect((1...2).contains(server.stats.opened))
            }
        }
    }

    @Test("freshConnection opens a connection for each request and reuses none (the self-check's probes)")
    func freshConnections() async throws {
        try await LocalTestServer.with(route: echoRoute) { server in
            try await withClient { client in
                _ = try await client.execute(HTTPRequest(url: server.url("/pooled")))
                for index in 0..<5 {
                    var request = HTTPRequest(url: server.url("/fresh-\(index)"))
                    request.freshConnection = true
                    #expect(try await client.execute(request).status == 200)
                }
                #expect(server.stats.requests == 6)
                #expect(server.stats.opened == 6, "one pooled connection, never reused, and five of their own")
            }
        }
    }

    @Test("cancelling a hanging request ends it with .cancelled and closes its connection")
    func cancelHanging() async throws {
        let route: TestRoute = { _, _ in try await Task.sleep(for: .seconds(60)) }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                let task = Task {
                    try await client.execute(HTTPRequest(url: server.url("/hang")))
                }
                #expect(await server.stats.wait { $0.requests == 1 })
                task.cancel()
                #expect(errorCode(await task.result) == .cancelled)
                #expect(await server.stats.wait { $0.closed == 1 })
            }
        }
    }

    @Test("a request made from an already cancelled task fails with .cancelled without being sent")
    func alreadyCancelled() async throws {
        try await LocalTestServer.with(route: echoRoute) { server in
            try await withClient { client in
                let task = Task {
                    withUnsafeCurrentTask { $0?.cancel() }
                    return try await client.execute(HTTPRequest(url: server.url("/")))
                }
                #expect(errorCode(await task.result) == .cancelled)
                // One real request afterwards proves the engine is healthy and the first never arrived.
                let response = try await client.execute(HTTPRequest(url: server.url("/")))
                #expect(response.status == 200)
                #expect(server.stats.requests == 1)
            }
        }
    }

    @Test("shutdown aborts requests in flight, is idempotent, and refuses later requests")
    func shutdown() async throws {
        let route: TestRoute = { _, _ in try await Task.sleep(for: .seconds(60)) }
        try await LocalTestServer.with(route: route) { server in
            let client = try HTTPClient(configuration: .init())
            let inFlight = Task {
                try await client.execute(HTTPRequest(url: server.url("/hang")))
            }
            #expect(await server.stats.wait { $0.requests == 1 })
            await client.shutdown()
            await client.shutdown()
            #expect(errorCode(await inFlight.result) == .cancelled)
            let error = await #expect(throws: HTTPError.self) {
                try await client.execute(HTTPRequest(url: server.url("/later")))
            }
            #expect(error?.code == .cancelled)
            #expect(await server.stats.wait { $0.closed == 1 })
        }
    }

    @Test("dropping the last reference to a client stops its thread and frees the engine")
    func deinitCleansUp() async throws {
        weak var engine: CurlEngine?
        try await LocalTestServer.with(route: echoRoute) { server in
            var client: HTTPClient? = try HTTPClient(configuration: .init())
            engine = client?.engine
            let response = try await client?.execute(HTTPRequest(url: server.url("/")))
            #expect(response?.status == 200)
            client = nil
            let deadline = ContinuousClock.now + .seconds(10)
            while engine != nil && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(engine == nil)
            #expect(await server.stats.wait { $0.closed == 1 })
        }
    }
}
