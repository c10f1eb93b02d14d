public import KubeLegoHTTP

/// How to reach and authenticate to one Kubernetes API server.
///
/// Built by `ConnectionSettings.resolve(...)` (explicit URL, then in-cluster, then kubeconfig) or by one of the
/// source-specific constructors; handed to `KubeClient`.
public struct ConnectionSettings: Sendable {
    /// The API server's base URL without a trailing slash, e.g. `https://10.0.0.1:443`.
    public var server: String
    /// Where trust for the server's certificate comes from.
    public var trust: TrustRoots
    /// A PEM client certificate for mutual TLS, if the credentials are a certificate.
    public var clientCertificatePEM: String?
    /// The PEM private key belonging to `clientCertificatePEM`; never logged.
    public var clientKeyPEM: String?
    /// Skip verification of the server's certificate (kubeconfig `insecure-skip-tls-verify`).
    public var insecureSkipTLSVerify: Bool
    /// The bearer token, given literally or as a file that is re-read when it changes.
    public var bearerToken: BearerTokenSource?
    /// The namespace the configuration names as default (in-cluster namespace file or context namespace).
    public var namespace: String?
    /// Where these settings came from, for logs and errors (never contains secrets).
    public var origin: String

    /// Settings for `server` with system trust and no credentials.
    public init(server: String, origin: String = "explicit") {
        self.server = Self.trimmingSlash(server)
        self.trust = .system
        self.clientCertificatePEM = nil
        self.clientKeyPEM = nil
        self.insecureSkipTLSVerify = false
        self.bearerToken = nil
        self.namespace = nil
        self.origin = origin
    }

    static func trimmingSlash(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
