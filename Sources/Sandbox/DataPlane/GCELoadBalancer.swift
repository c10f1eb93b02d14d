import KubeLegoKube
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An emulation of GCE's L7 load balancer (GLBC) for gce-class Ingresses of a sandbox, on its own loopback port.
///
/// Like GCE it makes one URL map per Ingress (`/*` globs, other paths exact; only `ImplementationSpecific`
/// accepted; backends must be NodePort Services), applies a changed URL map only `urlMapDelay` after the
/// change, and sends traffic to a backend endpoint only once it has passed `healthyThreshold` consecutive
/// health checks (`GET /` → 200): 502 before. An unknown host, or a path no rule matches on an Ingress without
/// a default backend, gets 404 from the default backend. An Ingress it cannot program keeps its previous URL map
/// and is listed in `validationFailures` (the GCE controller reports an error and skips it).
///
/// Simplifications: all Ingresses share one listener and are told apart by the Host header (GCE gives each its
/// own IP); a host served by two Ingresses goes to the first by namespace/name; a rule needs a host; Services
/// resolve through their Endpoints objects directly (no node ports, no kube-proxy), so an Endpoints change is
/// seen at once, as GCE sees a pod change through kube-proxy; plain HTTP only.
public final class GCELoadBalancer: Sendable {
    /// The port actually bound.
    public let port: Int
    /// `host:port` to send requests to, with the Host header naming the Ingress host.
    public let address: String

    let sandbox: SandboxAPIServer
    let options: GCELoadBalancerOptions
    let group: MultiThreadedEventLoopGroup
    let state = Mutex(GCELoadBalancerState())
    private let tasks = Mutex<[RepeatedTask]>([])
    private let channel = Mutex<(any Channel)?>(nil)

    private init(sandbox: SandboxAPIServer, options: GCELoadBalancerOptions, group: MultiThreadedEventLoopGroup, port: Int) {
        self.sandbox = sandbox
        self.options = options
        self.group = group
        self.port = port
        self.address = "\(options.host):\(port)"
    }

    /// Binds the listener and starts watching `sandbox` and probing backends.
    public static func start(sandbox: SandboxAPIServer, options: GCELoadBalancerOptions = .init()) async throws -> GCELoadBalancer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let balancer = Mutex<GCELoadBalancer?>(nil)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let owner = balancer.withLock({ $0 }) else { throw SandboxError(.startup, "load balancer not ready") }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(GCEProxyHandler(balancer: owner))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: options.host, port: options.port).get()
        } catch {
            try? await group.shutdownGracefully()
            throw SandboxError(.startup, "GCE load balancer cannot listen on \(options.host):\(options.port): \(error)")
        }
        let owner = GCELoadBalancer(sandbox: sandbox, options: options, group: group, port: channel.localAddress?.port ?? options.port)
        owner.channel.withLock { $0 = channel }
        balancer.withLock { $0 = owner }
        owner.schedule()
        options.logger.info("GCE load balancer listening", metadata: ["sandbox.gce_lb": "\(owner.address)"])
        return owner
    }

    /// Stops probing, closes the listener and frees the thread. Calling it again does nothing.
    public func stop() async throws {
        let running = tasks.withLock { tasks in defer { tasks = [] }; return tasks }
        for task in running { task.cancel() }
        guard let listener = channel.withLock({ channel in defer { channel = nil }; return channel }) else { return }
        try? await listener.close()
        try await group.shutdownGracefully()
    }

    /// Why each Ingress ("namespace/name") that could not be programmed was refused.
    public var validationFailures: [String: String] { state.withLock { $0.failures } }

    /// The Ingresses ("namespace/name") whose URL map is in effect.
    public var programmedIngresses: [String] { state.withLock { $0.programmed.keys.sorted() } }

    /// Requests routed to `backend` ("namespace/service:port"), whether or not it was healthy.
    public func requestCount(backend: String) -> Int { state.withLock { $0.requests[backend] ?? 0 } }

    /// The endpoints ("ip:port") currently passing health checks.
    public var healthyEndpoints: [String] {
        state.withLock { $0.health.filter(\.value.healthy).keys.sorted() }
    }

    private func schedule() {
        let loop = group.next()
        let sync = loop.scheduleRepeatedTask(initialDelay: .zero, delay: TimeAmount(options.syncInterval)) { [self] _ in
            synchronise()
        }
        let probe = loop.scheduleRepeatedAsyncTask(initialDelay: .zero, delay: TimeAmount(options.healthCheckInterval)) { [self] _ in
            probeBackends(on: loop)
        }
        tasks.withLock { $0 = [sync, probe] }
    }
}
