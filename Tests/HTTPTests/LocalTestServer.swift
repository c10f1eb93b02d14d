import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A request as the local test server received it.
struct ReceivedRequest: Sendable {
    let method: String
    let uri: String
    let headers: NIOHTTP1.HTTPHeaders
    let body: [UInt8]
    /// The 1-based number of the connection it arrived on.
    let connection: Int

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// Answers one request; may write a response in pieces, pause between them or close the connection.
typealias TestRoute = @Sendable (ReceivedRequest, TestResponseWriter) async throws -> Void

/// Counters the tests read: connections opened and closed, requests received.
///
/// `wait` is woken by the counters changing, not by polling against a short deadline: on a busy machine a
/// connection may take seconds to close, and only the suite's time limit decides that it never will.
final class TestServerStats: Sendable {
    private struct Counts { var opened = 0, closed = 0, requests = 0 }
    private struct State {
        var counts = Counts()
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }
    private let state = Mutex(State())

    var opened: Int { state.withLock { $0.counts.opened } }
    var closed: Int { state.withLock { $0.counts.closed } }
    var requests: Int { state.withLock { $0.counts.requests } }

    func connectionOpened() -> Int { change { $0.opened += 1 }.opened }
    func connectionClosed() { change { $0.closed += 1 } }
    func requestReceived() { change { $0.requests += 1 } }

    /// Applies `update` and wakes every waiter so it re-checks its condition.
    @discardableResult
    private func change(_ update: (inout Counts) -> Void) -> Counts {
        let (counts, waiters) = state.withLock { state in
            update(&state.counts)
            let waiters = state.waiters
            state.waiters = [:]
            return (state.counts, waiters)
        }
        for waiter in waiters.values { waiter.resume() }
        return counts
    }

    /// Waits until `condition` holds, woken by every change of the counters; returns false only when `limit`
    /// (a generous backstop, normally the suite's time limit ends a test first) passes or the task is cancelled.
    func wait(upTo limit: Duration = .seconds(120), until condition: @escaping @Sendable (TestServerStats) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while !condition(self) {
            guard ContinuousClock.now < deadline, !Task.isCancelled else { return false }
            // Wake on the next change, or after a while anyway (a change between the check and the
            // registration below would otherwise be missed).
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.nextChange() }
                group.addTask { try? await Task.sleep(for: .milliseconds(250)) }
                await group.next()
                group.cancelAll()
            }
        }
        return true
    }

    /// Returns after the next change of the counters (or when the task is cancelled).
    private func nextChange() async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}

/// Counts connections as NIO opens and closes them, independently of what the route is doing.
private final class ConnectionEventsHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny
    let stats: TestServerStats
    init(stats: TestServerStats) { self.stats = stats }

    func channelInactive(context: ChannelHandlerContext) {
        stats.connectionClosed()
        context.fireChannelInactive()
    }
}

/// An HTTP/1.1 server on 127.0.0.1 (random port), optionally over TLS, for tests over real sockets. Routes run on
/// the server's event loop (see `EventLoopTaskExecutor`), so they must not block.
struct LocalTestServer: Sendable {
    let port: Int
    let stats: TestServerStats
    let scheme: String

    /// `scheme://127.0.0.1:port` + `path`.
    func url(_ path: String) -> String { "\(scheme)://127.0.0.1:\(port)\(path)" }

    /// Runs a server for the duration of `body`, then closes it and every connection.
    static func with<T: Sendable>(
        tls: TLSConfiguration? = nil,
        route: @escaping TestRoute,
        _ body: (LocalTestServer) async throws -> T
    ) async throws -> T {
        let stats = TestServerStats()
        let sslContext = try tls.map { try NIOSSLContext(configuration: $0) }
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let number = stats.connectionOpened()
                    try channel.pipeline.syncOperations.addHandler(ConnectionEventsHandler(stats: stats))
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withPipeliningAssistance: false, withErrorHandling: false)
                    let wrapped = try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                    return (number, wrapped)
                }
            }
        let server = LocalTestServer(port: channel.channel.localAddress?.port ?? 0, stats: stats,
                                     scheme: tls == nil ? "http" : "https")
        // The server's tasks run on its own event loop, never waiting for a cooperative thread.
        let executor = EventLoopTaskExecutor(eventLoop: channel.channel.eventLoop)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask(executorPreference: executor) {
                try await channel.executeThenClose { inbound in
                    try await withThrowingDiscardingTaskGroup { connections in
                        for try await (number, connection) in inbound {
                            connections.addTask {
                                try? await serve(connection, number: number, stats: stats, route: route)
                            }
                        }
                    }
                }
            }
            do {
                let result = try await body(server)
                group.cancelAll()
                try? await channel.channel.close()
                return result
            } catch {
                group.cancelAll()
                try? await channel.channel.close()
                throw error
            }
        }
    }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
        number: Int, stats: TestServerStats, route: TestRoute
    ) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body = []
                case .body(let buffer):
                    body.append(contentsOf: buffer.readableBytesView)
                case .end:
                    guard let head else { return }
                    stats.requestReceived()
                    let request = ReceivedRequest(method: head.method.rawValue, uri: head.uri,
                                                  headers: head.headers, body: body, connection: number)
                    let writer = TestResponseWriter(outbound: outbound)
                    try await route(request, writer)
                    if writer.closeRequested { return }
                }
            }
        }
    }
}
