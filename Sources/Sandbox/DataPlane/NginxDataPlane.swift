import Foundation
import KubeLegoHTTP
import KubeLegoKube
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The sandbox's ingress-nginx: renders the Ingresses of its classes into an nginx configuration and keeps a
/// real nginx on loopback serving it, so HTTP-01 challenges travel the same path as on a cluster.
///
/// It follows the sandbox store's change notifications for Ingresses, Services, Endpoints and the Gateway API
/// objects (Gateways, HTTPRoutes, ReferenceGrants, and Namespaces for listener selectors), renders on a
/// thread of its own (`NginxConfigRenderer`), and rewrites and reloads only when the rendered text changed.
/// Each reload bumps a generation that nginx itself serves on a probe host, so `waitUntilCurrent()` returns
/// only once nginx answers with what the store holds. `stop()` stops nginx.
public final class NginxDataPlane: Sendable {
    struct State {
        var watcherIDs: [Int] = []
        var stopped = false
        var renderPending = false
        var lastBody: String?
        var generation = 0
        var reloads = 0
        var lastError: String?
    }

    /// `127.0.0.1:<port>`: where to send requests (with the Host header of the wanted host).
    public let address: String
    /// The port nginx listens on.
    public let port: Int
    /// The work directory.
    public let workDirectory: String
    let store: ObjectStore
    let renderer: NginxConfigRenderer
    let nginx: NginxProcess
    let logger: Logger
    let state = Mutex(State())
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let http: HTTPClient
    let endpoints: SandboxEndpointsController?
    /// The controller name Gateway API status is written under; nil writes none.
    let gatewayControllerName: String?

    private init(store: ObjectStore, renderer: NginxConfigRenderer, nginx: NginxProcess, port: Int,
                 workDirectory: String, logger: Logger, http: HTTPClient, endpoints: SandboxEndpointsController?,
                 gatewayControllerName: String?) {
        self.store = store
        self.renderer = renderer
        self.nginx = nginx
        self.port = port
        self.address = "127.0.0.1:\(port)"
        self.workDirectory = workDirectory
        self.logger = logger
        self.http = http
        self.endpoints = endpoints
        self.gatewayControllerName = gatewayControllerName
    }

    /// Renders what `server` holds, starts nginx on it and follows later changes. Returns once nginx serves.
    /// With `endpoints`, `waitUntilCurrent()` also waits for that controller's pending Endpoints writes.
    public static func start(
        on server: SandboxAPIServer, options: NginxDataPlaneOptions, endpoints: SandboxEndpointsController? = nil
    ) async throws -> NginxDataPlane {
        let directory = URL(fileURLWithPath: options.workDirectory, isDirectory: true)
        let port = options.port == 0 ? try freePort() : options.port
        let renderer = NginxConfigRenderer(listen: "127.0.0.1:\(port)", classes: options.classes,
                                           servesIngressesWithoutClass: options.servesIngressesWithoutClass,
                                           gatewayClasses: options.gatewayClasses)
        do {
            for sub in ["conf.d", "t"] {
                try FileManager.default.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
            }
        } catch {
            throw SandboxError(.startup, "cannot create the nginx work directory \(directory.path): \(error)")
        }
        try writeAtomically(mainConfiguration(directory: directory), to: directory.appendingPathComponent("nginx.conf"))
        try writeAtomically(probeConfiguration(listen: renderer.listen, generation: 0),
                            to: directory.appendingPathComponent("conf.d/probe.conf"))
        try writeAtomically("", to: directory.appendingPathComponent("conf.d/ingresses.conf"))
        var httpConfiguration = HTTPClientConfiguration()
        httpConfiguration.useEnvironmentProxy = false
        httpConfiguration.connectTimeout = .seconds(2)
        httpConfiguration.timeout = .seconds(10)
        let http = try HTTPClient(configuration: httpConfiguration)
        let nginx = try NginxProcess(executable: options.executable, directory: directory)
        let plane = NginxDataPlane(store: server.store, renderer: renderer, nginx: nginx, port: port,
                                   workDirectory: directory.path, logger: server.logger, http: http, endpoints: endpoints,
                                   gatewayControllerName: options.gatewayControllerName)
        for resource in Self.followedResources {
            let (_, id, _) = try server.store.watch(resource, from: server.store.currentResourceVersion) { [plane] _ in
                plane.scheduleRender()
            }
            plane.state.withLock { $0.watcherIDs.append(id) }
        }
        do {
            try await plane.waitUntilCurrent(timeout: .seconds(10))
        } catch {
            await plane.stop()
            throw error
        }
        return plane
    }

    /// The resources whose changes can change the rendering.
    static let followedResources: [ResourceType] = [
        .ingress, .service, .endpoints, .gateway, .httpRoute, .referenceGrant, .namespace,
    ]

    /// How many times nginx was told to reload (a change of the rendered configuration).
    public var reloadCount: Int { state.withLock { $0.reloads } }

    /// The generation of the newest configuration written (0 before any Ingress was rendered).
    public var generation: Int { state.withLock { $0.generation } }

    /// The Ingress part of the configuration nginx was last given.
    public var renderedConfiguration: String { state.withLock { $0.lastBody ?? "" } }

    /// Stops following the store and stops nginx. Idempotent.
    public func stop() async {
        let ids: [Int] = state.withLock { state in
            defer { state.stopped = true; state.watcherIDs = [] }
            return state.watcherIDs
        }
        for id in ids { store.unwatch(id) }
        try? await group.shutdownGracefully()
        await nginx.stop()
        await http.shutdown()
    }

    deinit {
        for id in state.withLock({ $0.watcherIDs }) { store.unwatch(id) }
    }
}
