public import Logging
import Metrics
public import NIOCore
import NIOHTTP1
import NIOPosix
public import ServiceLifecycle
import Synchronization

/// The HTTP-01 challenge server kube-lego runs on `LEGO_PORT`.
///
/// Routes, all `text/plain`, all but `/healthz` with `Cache-Control: no-cache, no-store, must-revalidate`:
/// `/` and `/healthz` → 200 `ok` (GCE health checks probe `/`); `/readyz` → 200 `ok`, or 503 while
/// `setReady(false)`; `/.well-known/acme-challenge/_selftest` → 200 with `instanceID`, for any Host (the
/// self-check passes through proxies that may rewrite Host, and the id is no secret);
/// `/.well-known/acme-challenge/<token>` → 200 with the key authorization registered in `tokens` for the
/// request's host and that token; anything else → 404 `kube-lego (version <v>) - 404 not found`.
/// Only GET and HEAD are served (405 otherwise); request bodies are refused (413); see `Limits`.
///
/// Run it as a `Service` (or call `run()` in a task): `run()` listens and serves until its task is cancelled
/// or a graceful shutdown is triggered; then it stops accepting, lets each connection finish the request in
/// hand, closes them all, and returns.
public final class HTTP01Responder: Service, Sendable {
    /// Where the responder listens once bound.
    public struct Address: Sendable, Hashable, CustomStringConvertible {
        /// The bound IP address, e.g. `127.0.0.1` or `::`.
        public let host: String
        /// The bound port (the real one when port 0 was asked for).
        public let port: Int

        /// `host:port`, with brackets around IPv6 addresses.
        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    /// This instance's id, served at `/.well-known/acme-challenge/_selftest`.
    public let instanceID: String
    /// The answers served; share it with the `HTTP01Solver`.
    public let tokens: ChallengeTokenStore

    private let host: String
    private let port: Int
    private let version: String
    private let limits: Limits
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let ready: Atomic<Bool>
    private let signal: ListeningSignal
    private let connections: ConnectionRegistry

    /// Makes a responder; nothing listens until `run()`.
    /// - Parameters:
    ///   - host: the address to bind, `0.0.0.0` (all IPv4) by default, `::` for all IPv6.
    ///   - port: the port to bind (`LEGO_PORT`); 0 picks a free one (read it from `waitUntilListening()`).
    ///   - version: the product version shown in 404 bodies.
    ///   - instanceID: served at `_selftest`; random 16 letters by default.
    ///   - tokens: the answers to serve.
    ///   - ready: initial readiness for `/readyz`; pass false until the controller's caches have synced.
    ///   - limits: request size and time limits.
    ///   - eventLoopGroup: where connections run; NIO's shared singleton group by default.
    ///   - logger: for start, stop and connection errors (never logs request bodies; it accepts none).
    public init(
        host: String = "0.0.0.0",
        port: Int = 8080,
        version: String,
        instanceID: String = InstanceID.random(),
        tokens: ChallengeTokenStore = ChallengeTokenStore(),
        ready: Bool = true,
        limits: Limits = Limits(),
        eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger = Logger(label: "kube-lego.http01-responder")
    ) {
        self.host = host
        self.port = port
        self.version = version
        self.instanceID = instanceID
        self.tokens = tokens
        self.ready = Atomic(ready)
        self.limits = limits
        self.eventLoopGroup = eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
        self.logger = logger
        self.signal = ListeningSignal()
        let maxConnections = limits.maxConnections
        self.connections = ConnectionRegistry(maxConnections: maxConnections) { channel in
            Self.noteRefused(channel, limit: maxConnections, logger: logger)
        }
    }

    /// Connections closed at once because `Limits.maxConnections` were open (also counted in the metric
    /// `kube_lego_http01_connections_refused_total`).
    public var refusedConnections: Int { connections.refusedCount }

    /// Whether `/readyz` answers 200 (true) or 503 (false), provided the responder is listening.
    public var isReady: Bool { ready.load(ordering: .relaxed) }

    /// Sets what `/readyz` reports, e.g. false until the controller's caches have synced.
    public func setReady(_ value: Bool) {
        ready.store(value, ordering: .relaxed)
    }

    /// The bound address while listening, else nil.
    public var listeningAddress: Address? { signal.address }

    /// Returns the bound address once listening; throws `SolverError` (`.listenFailed`, `.notListening`) when
    /// the responder could not bind or has stopped, or `CancellationError`.
    public func waitUntilListening() async throws -> Address {
        try await signal.wait()
    }

    /// Listens and serves until the task is cancelled or a graceful shutdown is triggered; then stops accepting,
    /// closes every connection and returns. Throws `SolverError` when it cannot listen or was run before.
    public func run() async throws {
        guard signal.markStarted() else {
            throw SolverError(.alreadyRunning, "the responder runs only once", host: "\(host):\(port)")
        }
        try await cancelWhenGracefulShutdown {
            try await self.listenAndServe()
        }
    }

    private func listenAndServe() async throws {
        let connections = self.connections
        connections.reopen()  // a responder may be run again after it stopped
        let server: any Channel
        do {
            server = try await bind(connections: connections)
        } catch {
            let failure = SolverError(.listenFailed, "cannot listen on \(host):\(port): \(error)", host: "\(host):\(port)")
            signal.failed(failure)
            throw failure
        }
        let address = Address(host: server.localAddress?.ipAddress ?? host, port: server.localAddress?.port ?? port)
        logger.info("HTTP-01 responder listening", metadata: ["responder.address": "\(address)", "responder.instance": "\(instanceID)"])
        signal.listening(at: address)

        // Serve until cancelled: cancellation closes the listening socket, which completes closeFuture.
        await withTaskCancellationHandler {
            try? await server.closeFuture.get()
        } onCancel: {
            server.close(promise: nil)
        }
        signal.failed(SolverError(.notListening, "the responder has stopped", host: "\(address)"))
        await connections.quiesceAll()
        logger.info("HTTP-01 responder stopped", metadata: ["responder.address": "\(address)"])
    }

    private func bind(connections: ConnectionRegistry) async throws -> any Channel {
        let limits = self.limits
        let router = ResponderRouter(instanceID: instanceID, version: version, tokens: tokens)
        let logger = self.logger
        let isReady: @Sendable () -> Bool = { [self] in self.isReady }
        return try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                guard connections.admit(channel) else { return channel.eventLoop.makeSucceededVoidFuture() }
                return channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(RequestHeadGuard(maxHeadBytes: limits.maxHeadBytes, headTimeout: TimeAmount(limits.headTimeout)))
                    try sync.configureHTTPServerPipeline(withErrorHandling: true)
                    try sync.addHandler(ResponderHTTPHandler(
                        router: router, isReady: isReady, maxRequests: limits.maxRequestsPerConnection, logger: logger))
                }
            }
            .bind(host: host, port: port)
            .get()
    }

    /// Counts a connection closed over `Limits.maxConnections`, in the metric and the debug log.
    private static func noteRefused(_ channel: any Channel, limit: Int, logger: Logger) {
        Counter(label: "kube_lego_http01_connections_refused_total").increment()
        logger.debug("HTTP-01 responder at its connection limit, closed a new connection", metadata: [
            "responder.peer": "\(channel.remoteAddress?.description ?? "unknown")", "responder.max_connections": "\(limit)",
        ])
    }
}
