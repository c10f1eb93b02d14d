import KubeLegoChallengeSolvers
import KubeLegoCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import ServiceLifecycle

/// Serves `GET /metrics` (Prometheus text format) on its own port, apart from the challenge responder, so
/// metrics are never reachable through the challenge routes.
///
/// It takes the responder's guards against clients that cost too much (`RequestHeadGuard`,
/// `ConnectionRegistry`), with limits sized for a scraper or two: `defaultLimits`.
struct MetricsServer: Service {
    /// Heads of up to 8 KiB within 30 s (longer than the responder's 10 s, so a scraper's keep-alive connection
    /// usually survives a 15-30 s scrape interval), 64 connections, 100 scrapes per connection.
    static let defaultLimits = HTTP01Responder.Limits(
        maxHeadBytes: 8 * 1024, headTimeout: .seconds(30), maxConnections: 64, maxRequestsPerConnection: 100)

    let host: String
    let port: Int
    let registry: PrometheusCollectorRegistry
    /// The per-Secret series, served after the registry's.
    var certificates: CertificateSeriesTable = .shared
    let logger: Logger
    var limits = MetricsServer.defaultLimits
    /// Called with the bound port once listening (tests bind port 0).
    var onListening: @Sendable (Int) -> Void = { _ in }

    func run() async throws {
        let registry = self.registry
        let certificates = self.certificates
        let limits = self.limits
        let logger = self.logger
        let connections = ConnectionRegistry(maxConnections: limits.maxConnections) { channel in
            logger.debug("metrics endpoint at its connection limit, closed a new connection", metadata: [
                "metrics.peer": "\(channel.remoteAddress?.description ?? "unknown")",
            ])
        }
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                guard connections.admit(channel) else { return channel.eventLoop.makeSucceededVoidFuture() }
                return channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(RequestHeadGuard(maxHeadBytes: limits.maxHeadBytes, headTimeout: TimeAmount(limits.headTimeout)))
                    try sync.configureHTTPServerPipeline(withErrorHandling: true)
                    try sync.addHandler(MetricsHandler(registry: registry, certificates: certificates, maxRequests: limits.maxRequestsPerConnection))
                }
            }
            .bind(host: host, port: port).get()
        let boundPort = channel.localAddress?.port ?? port
        logger.info("metrics listening", metadata: ["address": "\(host.contains(":") ? "[\(host)]" : host):\(boundPort)"])
        onListening(boundPort)
        try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await channel.closeFuture.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        } onGracefulShutdown: {
            channel.close(promise: nil)
        }
        await connections.closeAll()
    }
}

/// Answers every request: /metrics with the registry's text, anything else 404. Closes the connection after
/// a request without keep-alive, and after `maxRequests` answers (the last says `Connection: close`).
private final class MetricsHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let registry: PrometheusCollectorRegistry
    let certificates: CertificateSeriesTable
    let maxRequests: Int
    private var answered = 0
    private var closing = false

    init(registry: PrometheusCollectorRegistry, certificates: CertificateSeriesTable, maxRequests: Int) {
        self.registry = registry
        self.certificates = certificates
        self.maxRequests = maxRequests
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing, case .head(let head) = unwrapInboundIn(data) else { return }
        answered += 1
        let keepAlive = head.isKeepAlive && answered < maxRequests
        let found = head.uri == "/metrics" || head.uri.hasPrefix("/metrics?")
        let body = found ? registry.emitToBuffer() + Array(certificates.prometheusText().utf8) : Array("404 not found\n".utf8)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: found ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain")
        headers.add(name: "Content-Length", value: "\(body.count)")
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: found ? .ok : .notFound, headers: headers))), promise: nil)
        if head.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        guard !keepAlive else { return }
        closing = true
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        written.whenComplete { _ in loopBound.value.close(promise: nil) }
    }
}
