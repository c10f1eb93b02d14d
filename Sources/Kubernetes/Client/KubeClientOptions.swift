/// Tunables of a `KubeClient` that do not come from the connection settings.
public struct KubeClientOptions: Sendable {
    /// Sustained requests per second allowed to the API server (zero or less disables the limit).
    public var qps: Double = 20
    /// Requests allowed at once after an idle period.
    public var burst: Int = 40
    /// The `User-Agent` header: `kube-lego/<version>`.
    public var userAgent: String = "kube-lego/dev"
    /// Timeout of one non-watch request.
    public var requestTimeout: Duration = .seconds(30)
    /// Timeout for establishing a connection.
    public var connectTimeout: Duration = .seconds(10)
    /// The largest response accepted (lists of many objects are paged, so this bounds one page).
    public var maxResponseBytes: Int = 64 << 20
    /// How transient failures (5xx, 429, connection errors) are retried in place; `.none` turns retrying off.
    public var retry: KubeRetryPolicy = KubeRetryPolicy()

    /// Defaults: 20 QPS, burst 40, 30 s requests.
    public init() {}

    /// Options naming `version` in the user agent.
    public init(version: String, qps: Double = 20, burst: Int = 40) {
        self.userAgent = "kube-lego/\(version)"
        self.qps = qps
        self.burst = burst
    }
}
