public import Logging

/// How the emulated GCE L7 load balancer listens and how slow it is, like the real one, only shorter.
public struct GCELoadBalancerOptions: Sendable {
    /// Address to bind (loopback by default).
    public var host: String
    /// Port to bind; 0 picks a free one.
    public var port: Int
    /// The ingress class it serves (`kubernetes.io/ingress.class` or `spec.ingressClassName`).
    public var ingressClass: String
    /// How long after an Ingress changes its new URL map takes effect (GCE: minutes).
    public var urlMapDelay: Duration
    /// How often each backend endpoint is probed.
    public var healthCheckInterval: Duration
    /// Path probed with GET; 200 passes.
    public var healthCheckPath: String
    /// Consecutive passes before an endpoint receives traffic.
    public var healthyThreshold: Int
    /// Consecutive failures before a healthy endpoint stops receiving traffic.
    public var unhealthyThreshold: Int
    /// How long a probe or proxied request may take.
    public var upstreamTimeout: Duration
    /// How often the Ingresses, Services and Endpoints are re-read from the sandbox.
    public var syncInterval: Duration
    /// Where programming, validation failures and probe results are logged.
    public var logger: Logger

    /// Makes options; the defaults suit tests (a 1 s URL-map delay, 100 ms probes, 2 passes to be healthy).
    public init(
        host: String = "127.0.0.1", port: Int = 0, ingressClass: String = "gce", urlMapDelay: Duration = .seconds(1),
        healthCheckInterval: Duration = .milliseconds(100), healthCheckPath: String = "/", healthyThreshold: Int = 2,
        unhealthyThreshold: Int = 2, upstreamTimeout: Duration = .seconds(2), syncInterval: Duration = .milliseconds(50),
        logger: Logger = Logger(label: "kube-lego.sandbox.gce-lb")
    ) {
        self.host = host
        self.port = port
        self.ingressClass = ingressClass
        self.urlMapDelay = urlMapDelay
        self.healthCheckInterval = healthCheckInterval
        self.healthCheckPath = healthCheckPath
        self.healthyThreshold = healthyThreshold
        self.unhealthyThreshold = unhealthyThreshold
        self.upstreamTimeout = upstreamTimeout
        self.syncInterval = syncInterval
        self.logger = logger
    }
}
