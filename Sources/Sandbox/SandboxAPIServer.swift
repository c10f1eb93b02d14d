import KubeLegoKube
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A fake kube-apiserver over real HTTP(S) for tests and the demo: in-memory objects with the wire behaviour of
/// the real server (resourceVersions, conflicts, watches, selectors, patches, Status errors, discovery).
///
/// Simplifications: strategic merge patch is applied as a JSON merge patch (lists replaced, not merged by key);
/// a deleted namespace and its objects go at once (no Terminating phase); no finalizers, owner-reference garbage
/// collection or admission; RBAC only when `SandboxOptions.authorization` is set (no escalation checks, no
/// aggregated ClusterRoles); field selectors accept any dotted field path; a continued list is served from
/// the current state rather than a snapshot.
public final class SandboxAPIServer: Sendable {
    /// Where clients reach the server: `http(s)://<host>:<port>`.
    public let baseURL: String
    /// The port actually bound.
    public let port: Int
    let store: ObjectStore
    let injector: FaultInjector
    let tally: RequestTally
    let authorizationLog: AuthorizationLog
    let channel: any Channel
    let group: MultiThreadedEventLoopGroup
    let logger: Logger
    /// The token clients must send, if any.
    let bearerToken: String?
    /// Whether `stop()` already ran.
    private let stopped = Mutex(false)

    private init(baseURL: String, port: Int, store: ObjectStore, injector: FaultInjector, tally: RequestTally,
                 authorizationLog: AuthorizationLog, channel: any Channel, group: MultiThreadedEventLoopGroup, logger: Logger, bearerToken: String?) {
        self.baseURL = baseURL
        self.port = port
        self.store = store
        self.injector = injector
        self.tally = tally
        self.authorizationLog = authorizationLog
        self.channel = channel
        self.group = group
        self.logger = logger
        self.bearerToken = bearerToken
    }

    /// Starts a server: creates the initial namespaces, loads the manifests and binds.
    public static func start(_ options: SandboxOptions) async throws -> SandboxAPIServer {
        let store = ObjectStore(historyLimit: options.watchHistory)
        let tally = RequestTally()
        for name in options.initialNamespaces {
            _ = try store.create(.namespace, SandboxObject(json: ["metadata": ["name": .string(name)]]))
        }
        for manifest in options.manifests { _ = try ManifestLoader.load(manifest, into: store) }
        let injector = FaultInjector(options.faults)
        let authorizationLog = AuthorizationLog()
        let router = APIRouter(store: store, faults: injector, bearerToken: options.bearerToken,
                               authorization: options.authorization, authorizationLog: authorizationLog,
                               logger: options.logger, tally: tally)
        let sslContext = try options.tls.map { try makeSSLContext($0) }
        let bookmarkInterval = TimeAmount(options.bookmarkInterval)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        SandboxHTTPHandler(router: router, bookmarkInterval: bookmarkInterval))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: options.host, port: options.port).get()
        } catch {
            try? await group.shutdownGracefully()
            throw SandboxError(.startup, "cannot listen on \(options.host):\(options.port): \(error)")
        }
        let port = channel.localAddress?.port ?? options.port
        let scheme = options.tls == nil ? "http" : "https"
        let host = options.host.contains(":") ? "[\(options.host)]" : options.host
        let server = SandboxAPIServer(baseURL: "\(scheme)://\(host):\(port)", port: port, store: store,
                                      injector: injector, tally: tally, authorizationLog: authorizationLog, channel: channel, group: group, logger: options.logger,
                                      bearerToken: options.bearerToken)
        options.logger.info("sandbox API server listening", metadata: ["sandbox.url": "\(server.baseURL)"])
        return server
    }

    /// Stops listening, drops open connections (ending their watches) and frees the threads.
    /// Calling it again does nothing.
    public func stop() async throws {
        guard !stopped.withLock({ wasStopped in defer { wasStopped = true }; return wasStopped }) else { return }
        try? await channel.close()
        try await group.shutdownGracefully()
    }

    /// The faults in force; setting them takes effect for the next request and resets the budget.
    public var faults: SandboxFaults {
        get { injector.faults }
        set { injector.faults = newValue }
    }

    /// The newest resourceVersion.
    public var resourceVersion: Int { store.currentResourceVersion }

    /// How many requests the server answered so far, by HTTP method.
    public var requestCounts: [String: Int] { tally.snapshot }

    /// How many requests the server answered so far, by verb, resource and object name (requests that reached
    /// a resource route; discovery and health checks are not counted here).
    public var requestCountsByKind: [RequestKind: Int] { tally.detailedSnapshot }

    /// How many watch streams are open (for tests that check clean-up).
    public var openWatchCount: Int { store.watcherCount }

    private static func makeSSLContext(_ tls: SandboxTLS) throws -> NIOSSLContext {
        do {
            let chain = try NIOSSLCertificate.fromPEMBytes(Array(tls.certificatePEM.utf8)).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(bytes: Array(tls.privateKeyPEM.utf8), format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            if let caPEM = tls.clientCAPEM {
                configuration.certificateVerification = .noHostnameVerification
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
                configuration.sendCANameList = true
            }
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw SandboxError(.startup, "the sandbox TLS certificate, key or client CA is unusable (\(type(of: error)))")
        }
    }
}
