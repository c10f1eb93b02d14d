import KubeLegoACME
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A test-only HTTP-01 solver: a tiny NIO server on 127.0.0.1 (any free port) that serves registered tokens at
/// `/.well-known/acme-challenge/<token>`, and records every call the ACME client makes to it.
final class TestHTTP01Solver: ChallengeSolver {
    /// What the solver saw.
    struct Record {
        var presented: [ChallengeTask] = []
        var cleanedUp: [ChallengeTask] = []
        var requests = 0
    }

    /// Hosts picked by name, or all, or none.
    enum Hosts: Sendable {
        case none, all
        case only(Set<String>)

        func contains(_ host: String) -> Bool {
            switch self {
            case .none: return false
            case .all: return true
            case .only(let hosts): return hosts.contains(host)
            }
        }
    }

    /// How the solver misbehaves on purpose.
    struct Behaviour: Sendable {
        /// Hosts whose tokens are "presented" but never served (the CA sees 404).
        var unserved: Hosts = .none
        /// Hosts whose `waitUntilReady` sleeps `readyDelay` (so a test can cancel mid-issuance).
        var delayed: Hosts = .none
        /// How long a delayed `waitUntilReady` sleeps.
        var readyDelay: Duration = .seconds(60)
    }

    let challengeType = "http-01"
    let behaviour: Behaviour
    private let tokens: Mutex<[String: String]>
    private let record = Mutex(Record())
    private let channel: any Channel
    /// The port the server listens on: give it to Pebble as `httpPort`.
    let port: Int

    private init(channel: any Channel, behaviour: Behaviour) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.tokens = Mutex([:])
        self.behaviour = behaviour
    }

    /// Starts the server.
    static func start(_ behaviour: Behaviour = .init()) async throws -> TestHTTP01Solver {
        let table = TokenTable()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(TokenHandler(table: table))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let solver = TestHTTP01Solver(channel: channel, behaviour: behaviour)
        table.solver.withLock { $0 = solver }
        return solver
    }

    /// Stops the server.
    func stop() async throws { try await channel.close() }

    var snapshot: Record { record.withLock { $0 } }

    func present(_ task: ChallengeTask) async throws {
        record.withLock { $0.presented.append(task) }
        if !behaviour.unserved.contains(task.identifier.value) { tokens.withLock { $0[task.token] = task.keyAuthorization } }
    }

    func waitUntilReady(_ task: ChallengeTask) async throws {
        if behaviour.delayed.contains(task.identifier.value) { try await Task.sleep(for: behaviour.readyDelay) }
    }

    func cleanUp(_ task: ChallengeTask) async {
        record.withLock { $0.cleanedUp.append(task) }
        tokens.withLock { $0[task.token] = nil }
    }

    /// The answer for a request path, if any.
    func answer(path: String) -> String? {
        record.withLock { $0.requests += 1 }
        let prefix = "/.well-known/acme-challenge/"
        guard path.hasPrefix(prefix) else { return nil }
        return tokens.withLock { $0[String(path.dropFirst(prefix.count))] }
    }
}

/// Late-bound link from the channel handlers to the solver (the server starts before the solver exists).
private final class TokenTable: Sendable {
    let solver = Mutex<TestHTTP01Solver?>(nil)
}

/// Answers GET requests from the solver's token table: 200 with the key authorization, or 404.
private final class TokenHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let table: TokenTable

    init(table: TokenTable) { self.table = table }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let answer = table.solver.withLock { $0 }?.answer(path: head.uri)
        let body = answer ?? "not found"
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain")
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        headers.add(name: "Connection", value: "close")
        let status: HTTPResponseStatus = answer == nil ? .notFound : .ok
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }
}
