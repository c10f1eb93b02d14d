/// Settings shared by every request of one `HTTPClient`: trust, client identity, credentials, limits, proxies.
public struct HTTPClientConfiguration: Sendable {
    /// Which CA certificates verify servers.
    public var trust: TrustRoots = .system
    /// Client certificate (PEM, may include its chain) for mutual TLS, e.g. kubeconfig client-certificate-data.
    /// Kept in memory and handed to libcurl from memory; never written to disk.
    public var clientCertificatePEM: String?
    /// Private key (PEM) of `clientCertificatePEM`; kept in memory, wiped when the client goes away.
    public var clientKeyPEM: String?
    /// Skips server certificate and host name verification. Explicit opt-in for test clusters only.
    public var insecureSkipTLSVerify: Bool = false
    /// Sent as `Authorization: Bearer <token>` unless a request sets `Authorization` itself.
    public var bearerToken: String?
    /// The `User-Agent` sent unless a request sets its own.
    public var userAgent: String = "kube-lego"
    /// Default time allowed to connect (TCP + TLS).
    public var connectTimeout: Duration = .seconds(10)
    /// Default time allowed for a whole buffered transfer (streams default to no limit).
    public var timeout: Duration = .seconds(60)
    /// Largest buffered response body accepted; larger ones fail with `.responseTooLarge`. Streams are not
    /// limited by it.
    public var maxResponseBytes: Int = 64 << 20
    /// Whether to use HTTPS_PROXY/https_proxy, HTTP_PROXY/http_proxy and NO_PROXY/no_proxy from the
    /// environment (upper case wins). When false no proxy is used at all.
    public var useEnvironmentProxy: Bool = true

    /// The defaults: system trust, no client identity, 10 s connect and 60 s total timeouts, 64 MiB bodies.
    public init() {}
}

extension HTTPClientConfiguration: CustomStringConvertible {
    /// A summary without secrets (no key, no token).
    public var description: String {
        "HTTPClientConfiguration(trust: \(trust), clientCertificate: \(clientCertificatePEM != nil), "
            + "bearerToken: \(bearerToken != nil), insecureSkipTLSVerify: \(insecureSkipTLSVerify), "
            + "connectTimeout: \(connectTimeout), timeout: \(timeout), maxResponseBytes: \(maxResponseBytes))"
    }
}
