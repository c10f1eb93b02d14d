public import Foundation
public import KubeLegoPebble
public import Logging
import KubeLegoKube

/// A whole test cluster on loopback: the sandbox API server with its endpoints controller, a real nginx data
/// plane rendering the nginx-class Ingresses and the HTTPRoutes of the Gateways of its GatewayClasses
/// (`sandbox` by default, created at start), and a real Pebble validating through that nginx. `kube-lego`
/// itself runs as a separate process (`startController`), configured exactly as in a cluster.
///
/// Pebble resolves every name to 127.0.0.1 and connects to the data plane's port, so a challenge succeeds only
/// if the Ingress objects kube-lego wrote route it to kube-lego's responder.
public final class SandboxCluster: Sendable {
    /// The fake kube-apiserver.
    public let api: SandboxAPIServer
    /// Maintains Endpoints for Services with selectors from the fake pods.
    public let endpoints: SandboxEndpointsController
    /// nginx, configured from the Ingresses.
    public let dataPlane: NginxDataPlane
    /// The ACME CA.
    public let pebble: PebbleServer
    /// The emulated GCE L7 load balancer, when the options asked for one.
    public let gce: GCELoadBalancer?
    /// The port kube-lego's responder must listen on (LEGO_PORT); a fake pod labelled app=kube-lego in
    /// `controllerNamespace` points at it.
    public let responderPort: Int
    /// The work directory.
    public let workDirectory: URL
    /// The options it was started with.
    public let options: SandboxClusterOptions

    private init(
        api: SandboxAPIServer, endpoints: SandboxEndpointsController, dataPlane: NginxDataPlane, pebble: PebbleServer,
        gce: GCELoadBalancer?, responderPort: Int, workDirectory: URL, options: SandboxClusterOptions
    ) {
        self.gce = gce
        self.api = api
        self.endpoints = endpoints
        self.dataPlane = dataPlane
        self.pebble = pebble
        self.responderPort = responderPort
        self.workDirectory = workDirectory
        self.options = options
    }

    /// Starts everything; on failure whatever had started is stopped again.
    public static func start(_ options: SandboxClusterOptions = .init(), logger: Logger = Logger(label: "kube-lego.sandbox")) async throws -> SandboxCluster {
        let work = URL(fileURLWithPath: options.workDirectory ?? NSTemporaryDirectory() + "kube-lego-cluster-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let ports = try LoopbackPorts.free(2)
        var apiOptions = SandboxOptions()
        apiOptions.port = options.apiPort
        apiOptions.logger = logger
        apiOptions.initialNamespaces = ["default", "kube-system", options.controllerNamespace]
        apiOptions.manifests = options.manifests
        apiOptions.faults = options.apiFaults
        apiOptions.watchHistory = options.apiWatchHistory
        apiOptions.authorization = options.authorization
        let api = try await SandboxAPIServer.start(apiOptions)
        do {
            try createGatewayClasses(options.gatewayClasses, on: api)
            let endpoints = try await SandboxEndpointsController.start(on: api, pods: [
                SandboxPod(name: "kube-lego", namespace: options.controllerNamespace, labels: ["app": "kube-lego"], port: ports[1]),
            ])
            let dataPlane = try await NginxDataPlane.start(
                on: api,
                options: NginxDataPlaneOptions(workDirectory: work.appendingPathComponent("nginx").path, port: ports[0],
                                               gatewayClasses: options.gatewayClasses),
                endpoints: endpoints)
            var pebbleOptions = PebbleOptions(httpPort: dataPlane.port)
            pebbleOptions.certificateValidityPeriod = options.certificateValidityPeriod
            pebbleOptions.domainBlocklist = options.domainBlocklist
            pebbleOptions.nonceRejectPercent = options.pebbleNonceRejectPercent
            let pebble: PebbleServer
            do {
                pebble = try await PebbleServer.start(options: pebbleOptions, logger: logger)
            } catch {
                await dataPlane.stop()
                await endpoints.stop()
                throw error
            }
            var gce: GCELoadBalancer?
            if options.gce {
                do {
                    gce = try await GCELoadBalancer.start(
                        sandbox: api, options: GCELoadBalancerOptions(host: "127.0.0.2", port: dataPlane.port, urlMapDelay: options.gceURLMapDelay, logger: logger))
                } catch {
                    pebble.stop()
                    await dataPlane.stop()
                    await endpoints.stop()
                    throw error
                }
            }
            return SandboxCluster(
                api: api, endpoints: endpoints, dataPlane: dataPlane, pebble: pebble, gce: gce, responderPort: ports[1],
                workDirectory: work, options: options)
        } catch {
            try? await api.stop()
            throw error
        }
    }

    /// The `spec.controllerName` of the GatewayClasses the cluster creates for its nginx data plane.
    public static let gatewayControllerName = NginxDataPlaneOptions.defaultGatewayControllerName

    /// Creates a GatewayClass for each name (as installing a Gateway API implementation would), keeping
    /// any a manifest already created.
    private static func createGatewayClasses(_ names: Set<String>, on api: SandboxAPIServer) throws(SandboxError) {
        for name in names.sorted() {
            do {
                try api.create(["apiVersion": "gateway.networking.k8s.io/v1", "kind": "GatewayClass",
                                "metadata": ["name": .string(name)],
                                "spec": ["controllerName": .string(gatewayControllerName)]])
            } catch where error.code == .alreadyExists {
                continue
            }
        }
    }

    /// The `LEGO_*` variables a Deployment in this cluster would set, with `extra` laid over them.
    public func controllerEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "LEGO_EMAIL": "admin@example.com",
            "LEGO_POD_IP": "127.0.0.1",
            "LEGO_NAMESPACE": options.controllerNamespace,
            "LEGO_URL": pebble.directoryURL,
            "LEGO_CA_CERTIFICATES": pebble.listenerCAFile.path,
            "LEGO_KUBE_API_URL": api.baseURL,
            "LEGO_PORT": String(responderPort),
            "LEGO_SELFCHECK_ADDRESS": "127.0.0.1:\(dataPlane.port)" + (gce == nil ? "" : ",gce=127.0.0.2:\(dataPlane.port)"),
            "LEGO_EXPONENTIAL_BACKOFF_INITIAL_INTERVAL": "200ms",
            "LEGO_EXPONENTIAL_BACKOFF_MAX_ELAPSED_TIME": "30s",
            "LEGO_METRICS_PORT": "0",
            "LEGO_KEY_TYPE": "ec256",
            "LEGO_SUPPORTED_INGRESS_PROVIDER": gce == nil ? "nginx" : "nginx,gce",
            // The sandbox serves the Gateway API; its nginx routes Gateways of these classes.
            "LEGO_GATEWAY_CLASSES": options.gatewayClasses.sorted().joined(separator: ","),
        ].merging(extra) { $1 }
    }

    /// Starts `kube-lego run` (the binary at `executable`) against this cluster; its log goes to the work
    /// directory as `controller-<n>.log`.
    public func startController(executable: String, environment extra: [String: String] = [:]) throws -> ControllerProcess {
        let index = (try? FileManager.default.contentsOfDirectory(atPath: workDirectory.path).filter { $0.hasPrefix("controller-") }.count) ?? 0
        return try ControllerProcess(
            executable: executable, environment: controllerEnvironment(extra),
            logFile: workDirectory.appendingPathComponent("controller-\(index).log"))
    }

    /// Makes Pebble send `host` to the emulated GCE load balancer (127.0.0.2) instead of nginx.
    public func routeToGCE(_ host: String) async throws {
        try await pebble.resolve(host, to: "127.0.0.2")
    }

    /// Writes a kubeconfig for kubectl pointing at the API server and returns its path.
    public func writeKubeconfig() throws -> String {
        let path = workDirectory.appendingPathComponent("kubeconfig").path
        try api.kubeconfig().write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Stops nginx, Pebble and the API server. The work directory stays for inspection.
    public func stop() async {
        try? await gce?.stop()
        await dataPlane.stop()
        await endpoints.stop()
        pebble.stop()
        try? await api.stop()
    }
}
