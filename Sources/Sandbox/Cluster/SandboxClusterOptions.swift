/// How to start a `SandboxCluster`.
public struct SandboxClusterOptions: Sendable {
    /// Where logs, configuration and certificates go; a new temporary directory when nil.
    public var workDirectory: String?
    /// Pebble's options apart from its validation port (which the cluster sets to the data plane's).
    public var certificateValidityPeriod: Int?
    /// Names Pebble refuses (rejectedIdentifier).
    public var domainBlocklist: [String] = []
    /// Manifests (YAML/JSON text) loaded into the API server at start.
    public var manifests: [String] = []
    /// The port of the API server; 0 picks a free one.
    public var apiPort = 0
    /// Faults the API server injects from the start (change them later with `api.faults`).
    public var apiFaults = SandboxFaults()
    /// How many past changes the API server keeps for watches; a short history gives 410 Gone to late watchers.
    public var apiWatchHistory = 1000
    /// Percentage of good nonces Pebble rejects with badNonce (`PEBBLE_WFE_NONCEREJECT`).
    public var pebbleNonceRejectPercent = 0
    /// RBAC for the API server (off when nil); the cluster's own clients use the first admin token.
    public var authorization: SandboxAuthorization?
    /// The namespace kube-lego runs in (its account Secret, challenge objects).
    public var controllerNamespace = "kube-lego"
    /// The GatewayClasses the nginx data plane serves; the cluster creates each (controller
    /// `SandboxCluster.gatewayControllerName`) at start unless a manifest already did.
    public var gatewayClasses: Set<String> = ["sandbox"]

    /// Whether to run the GCE L7 load-balancer emulation too, for gce-class Ingresses, on 127.0.0.2 at the
    /// data plane's port (hosts routed there with `SandboxCluster.routeToGCE`).
    public var gce = false
    /// How long the emulated GCE load balancer takes to apply a URL-map change.
    public var gceURLMapDelay: Duration = .seconds(3)

    /// Default options: a temporary directory, Pebble's default validity, nothing loaded.
    public init() {}
}
