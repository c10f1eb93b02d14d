public import Logging

/// How to start a `SandboxAPIServer`.
public struct SandboxOptions: Sendable {
    /// Address to listen on.
    public var host: String
    /// Port to listen on; 0 picks a free one (read it back from `SandboxAPIServer.baseURL`).
    public var port: Int
    /// When set, every request must carry `Authorization: Bearer <token>` (else 401 Status).
    public var bearerToken: String?
    /// When set, bearer tokens name users and ServiceAccounts, and ServiceAccounts' requests are decided by the
    /// stored Roles, ClusterRoles and bindings (403 when nothing grants them). Nil: no authorization.
    public var authorization: SandboxAuthorization?
    /// When set, the server speaks HTTPS (optionally requiring client certificates).
    public var tls: SandboxTLS?
    /// How many watch events are kept for resuming watches; older resourceVersions get 410 Gone.
    public var watchHistory: Int
    /// How often a watch with `allowWatchBookmarks=true` gets a BOOKMARK event.
    public var bookmarkInterval: Duration
    /// Namespaces created at start.
    public var initialNamespaces: [String]
    /// Manifest texts (YAML or JSON, multi-document, `List` kinds) loaded at start.
    public var manifests: [String]
    /// Faults injected from the start; change them later with `SandboxAPIServer.faults`.
    public var faults: SandboxFaults
    /// Where the server logs requests and lifecycle events.
    public var logger: Logger

    /// Options for a plain-HTTP server on a free loopback port with no auth and no faults.
    public init(
        host: String = "127.0.0.1", port: Int = 0, bearerToken: String? = nil, tls: SandboxTLS? = nil,
        watchHistory: Int = 1000, bookmarkInterval: Duration = .seconds(5),
        initialNamespaces: [String] = ["default", "kube-system"], manifests: [String] = [],
        faults: SandboxFaults = SandboxFaults(), logger: Logger = Logger(label: "kube-lego.sandbox")
    ) {
        self.host = host
        self.port = port
        self.bearerToken = bearerToken
        self.authorization = nil
        self.tls = tls
        self.watchHistory = watchHistory
        self.bookmarkInterval = bookmarkInterval
        self.initialNamespaces = initialNamespaces
        self.manifests = manifests
        self.faults = faults
        self.logger = logger
    }
}

/// TLS material for an HTTPS sandbox.
public struct SandboxTLS: Sendable {
    /// Server certificate chain, PEM (leaf first).
    public var certificatePEM: String
    /// Server private key, PEM. Never logged.
    public var privateKeyPEM: String
    /// When set, clients must present a certificate issued by one of these CAs (PEM).
    public var clientCAPEM: String?

    /// TLS from PEM texts.
    public init(certificatePEM: String, privateKeyPEM: String, clientCAPEM: String? = nil) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
        self.clientCAPEM = clientCAPEM
    }
}
