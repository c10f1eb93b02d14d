@testable import KubeLegoHTTP
import Synchronization
import Testing

/// A gate a test opens to let the server go on.
final class TestGate: Sendable {
    private let opened = Mutex(false)
    func open() { opened.withLock { $0 = true } }
    func wait() async throws {
        while !opened.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
    }
}

@Suite("Streaming bodies: incremental delivery, back-pressure, cancellation")
struct HTTPClientStreamingTests {
    @Test("chunks arrive as the server sends them; stream() returns once the head is in")
    func incremental() async throws {
        let gate = TestGate()
        let route: TestRoute = { _, response in
            try await response.writeHead(status: 200, headers: [("Content-Type", "application/json")])
            try await response.write("{\"type\":\"ADDED\"}\n")
            try await gate.wait()
            try await response.write("{\"type\":\"DELETED\"}\n")
            try await response.end()
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                let response = try await client.stream(HTTPRequest(url: server.url("/watch")))
                #expect(response.status == 200)
                #expect(response.headers["content-type"] == "application/json")
                var iterator = response.body.makeAsyncIterator()
                let first = try await iterator.next()
                #expect(first.map { String(decoding: $0, as: UTF8.self) } == "{\"type\":\"ADDED\"}\n")
                gate.open()
                var rest: [UInt8] = []
                while let chunk = try await iterator.next() { rest += chunk }
                #expect(String(decoding: rest, as: UTF8.self) == "{\"type\":\"DELETED\"}\n")
                #expect(try await iterator.next() == nil)
            }
        }
    }

    @Test("an error status with an empty body still streams head and end")
    func emptyBody() async throws {
        let route: TestRoute = { _, response in try await response.respond(status: 410) }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                let response = try await client.stream(HTTPRequest(url: server.url("/gone")))
                #expect(response.status == 410)
                var total = 0
                for try await chunk in response.body { total += chunk.count }
                #expect(total == 0)
            }
        }
    }

    @Test("a stream's own timeout ends its body with .timedOut; without one it has no limit")
    func streamTimeout() async throws {
        let route: TestRoute = { _, response in
            try await response.writeHead(status: 200)
            try await response.write("first\n")
            try await Task.sleep(for: .milliseconds(600))
            try await response.write("second\n")
            try await response.end()
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient(configure: { $0.timeout = .milliseconds(200) }) { client in
                var request = HTTPRequest(url: server.url("/watch"))
                let unlimited = try await client.stream(request)
                var text = ""
                for try await chunk in unlimited.body { text += String(decoding: chunk, as: UTF8.self) }
                #expect(text == "first\nsecond\n")

                request.timeout = .milliseconds(300)
                let limited = try await client.stream(request)
                let error = await #expect(throws: HTTPError.self) {
                    for try await _ in limited.body {}
                }
                #expect(error?.code == .timedOut)
            }
        }
    }

    @Test("a slow reader of 20 MiB gets every byte while the buffer stays bounded")
    func backPressure() async throws {
        let chunkSize = 64 << 10
        let chunks = 320  // 20 MiB
        let route: TestRoute = { _, response in
            try await response.writeHead(status: 200)
            for index in 0..<chunks {
                try await response.write([UInt8](repeating: UInt8(truncatingIfNeeded: index), count: chunkSize))
            }
            try await response.end()
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                let response = try await client.stream(HTTPRequest(url: server.url("/big")))
                let channel = response.body.lease.channel
                // Read nothing until the transfer has been paused: back-pressure must kick in by itself.
                let deadline = ContinuousClock.now + .seconds(20)
                while !channel.statistics.producerPaused && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(channel.statistics.producerPaused)
                var received = 0
                var mismatches = 0
                var reads = 0
                for try await chunk in response.body {
                    var offset = 0
                    while offset < chunk.count {
                        let position = received + offset
                        let expected = UInt8(truncatingIfNeeded: position / chunkSize)
                        let runEnd = min(chunk.count, offset + chunkSize - position % chunkSize)
                        if chunk[offset..<runEnd].contains(where: { $0 != expected }) { mismatches += 1 }
                        offset = runEnd
                    }
                    received += chunk.count
                    reads += 1
                    if reads % 64 == 0 { try await Task.sleep(for: .milliseconds(1)) }  // a slow reader
                }
                #expect(received == chunkSize * chunks)
                #expect(mismatches == 0)
                let statistics = channel.statistics
                #expect(statistics.pauses >= 1)
                // 1 MiB high-water mark plus at most one libcurl write (16 KiB by default), with slack.
                #expect(statistics.peakBufferedBytes <= (1 << 20) + (256 << 10))
            }
        }
    }

    @Test("cancelling the reading task aborts the stream promptly and closes the connection")
    func cancelReader() async throws {
        let route: TestRoute = { _, response in
            try await response.writeHead(status: 200)
            try await response.write("first\n")
            try await Task.sleep(for: .seconds(60))
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                let response = try await client.stream(HTTPRequest(url: server.url("/watch")))
                let reader = Task {
                    var lines = 0
                    do {
                        for try await _ in response.body { lines += 1 }
                        return (lines, HTTPError.Code?.none)
                    } catch {
                        return (lines, (error as? HTTPError)?.code)
                    }
                }
                #expect(await server.stats.wait { $0.requests == 1 })
                try await Task.sleep(for: .milliseconds(100))
                reader.cancel()
                let (lines, code) = await reader.value
                #expect(lines == 1)
                #expect(code == .cancelled)
                #expect(await server.stats.wait { $0.closed == 1 })
            }
        }
    }

    @Test("leaving a for-await loop early aborts the transfer and closes the connection")
    func dropIterator() async throws {
        let route: TestRoute = { _, response in
            try await response.writeHead(status: 200)
            for index in 0..<600 {
                try await response.write("line \(index)\n")
                try await Task.sleep(for: .milliseconds(50))
            }
            try await response.end()
        }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                let response = try await client.stream(HTTPRequest(url: server.url("/watch")))
                for try await chunk in response.body where !chunk.isEmpty { break }
                #expect(await server.stats.wait { $0.closed == 1 })
            }
        }
    }

    @Test("cancelling while waiting for the head ends with .cancelled and closes the connection")
    func cancelBeforeHead() async throws {
        let route: TestRoute = { _, _ in try await Task.sleep(for: .seconds(60)) }
        try await LocalTestServer.with(route: route) { server in
            try await withClient { client in
                let task = Task { try await client.stream(HTTPRequest(url: server.url("/hang"))) }
                #expect(await server.stats.wait { $0.requests == 1 })
                task.cancel()
                #expect(errorCode(await task.result) == .cancelled)
                #expect(await server.stats.wait { $0.closed == 1 })
            }
        }
    }
}
