public import KubeLegoTLS

/// Everything kube-lego is configured with, read once at start-up from `LEGO_*` variables and flags.
///
/// Names, defaults and validation follow the original kube-lego (see `Configuration+Parsing.swift`), with
/// ACME v2 defaults and the settings its users asked for added.
public struct Configuration: Sendable, Equatable {
    /// Contact address for the ACME account (`LEGO_EMAIL`, required), lowercased.
    public var email: String
    /// This pod's IP (`LEGO_POD_IP`, required): providers that write Endpoints point them at it.
    public var podIP: String
    /// Namespace of the account Secret, the state ConfigMap and shared challenge objects (`LEGO_NAMESPACE`).
    public var namespace: String
    /// ACME directory URL (`LEGO_URL`), without a trailing slash.
    public var acmeDirectoryURL: String
    /// Name of the account Secret (`LEGO_SECRET_NAME`).
    public var accountSecretName: String
    /// Providers to run (`LEGO_SUPPORTED_INGRESS_PROVIDER`), lowercased.
    public var supportedProviders: [String]
    /// Ingress classes to serve (`LEGO_SUPPORTED_INGRESS_CLASS`), lowercased.
    public var supportedClasses: [String]
    /// Class of Ingresses that name none (`LEGO_DEFAULT_INGRESS_CLASS`).
    public var defaultClass: String
    /// Provider for classes that are not a provider's name (`LEGO_DEFAULT_INGRESS_PROVIDER`).
    public var defaultProvider: String
    /// Challenge method for certificates whose Ingress names none (`LEGO_DEFAULT_CHALLENGE`), lowercased.
    public var defaultChallenge: String = Configuration.defaultChallengeMethod
    /// Gateway classes whose annotated Gateways get certificates (`LEGO_GATEWAY_CLASSES`), lowercased; empty:
    /// Gateways are not watched at all (clusters without the Gateway API, RBAC without its grants).
    public var gatewayClasses: [String] = []
    /// Which namespace may get certificates for a host (`LEGO_HOST_POLICY`): by default the one routing it.
    public var hostPolicy: HostPolicy = .routed
    /// How often every Ingress is checked (`LEGO_CHECK_INTERVAL`, at least 5 minutes).
    public var checkInterval: Duration
    /// Renew when a certificate has less validity left than this (`LEGO_MINIMUM_VALIDITY`, at least 24 hours).
    public var minimumValidity: Duration
    /// Explicit Kubernetes API URL (`LEGO_KUBE_API_URL`); nil means in-cluster, then kubeconfig.
    public var kubeAPIURL: String?
    /// Port of the HTTP-01 responder, also the challenge Service port (`LEGO_PORT`).
    public var port: Int
    /// Key of the annotation that enables kube-lego on an Ingress (`LEGO_KUBE_ANNOTATION`).
    public var annotationKey: String
    /// Value of the `app` label of kube-lego's pods, which challenge Services select (`LEGO_SERVICE_SELECTOR`).
    public var serviceSelector: String
    /// Only watch this namespace (`LEGO_WATCH_NAMESPACE`); nil watches all.
    public var watchNamespace: String?
    /// Key type of certificate keys (`LEGO_KEY_TYPE`, or the legacy `LEGO_RSA_KEYSIZE`).
    public var keyType: KeyType
    /// Log threshold (`LEGO_LOG_LEVEL`).
    public var logLevel: LogLevel
    /// Log line format (`LEGO_LOG_TYPE`).
    public var logFormat: LogFormat
    /// Issuer common name of the chain to prefer (`LEGO_PREFERRED_CHAIN`).
    public var preferredChain: String?
    /// External account binding for CAs that require it (`LEGO_EAB_KID`, `LEGO_EAB_HMAC_KEY`).
    public var externalAccountBinding: ExternalAccountBindingSetting?
    /// Extra CA certificate files trusted for the ACME server (`LEGO_CA_CERTIFICATES`).
    public var extraCACertificateFiles: [String]
    /// How many certificates may be ordered at once (`LEGO_WORKERS`).
    public var workers: Int
    /// Client-side limit on Kubernetes API requests per second (`LEGO_KUBE_QPS`).
    public var kubeQPS: Double = 50
    /// Requests allowed at once above `kubeQPS` (`LEGO_KUBE_BURST`).
    public var kubeBurst: Int = 100
    /// Port of the Prometheus metrics endpoint (`LEGO_METRICS_PORT`); nil disables it.
    public var metricsPort: Int?
    /// IP address the metrics endpoint listens on (`LEGO_METRICS_ADDRESS`): all IPv4 addresses by default, as
    /// the original did, for in-cluster scraping; `127.0.0.1` keeps it to the pod (a sidecar scraper).
    public var metricsAddress: String = "0.0.0.0"
    /// Leader election (`LEGO_LEADER_ELECTION` and the `LEGO_LEASE_*` timings); nil when disabled.
    public var leaderElection: LeaderElectionSettings? = nil
}

/// Log threshold names accepted in `LEGO_LOG_LEVEL`.
public enum LogLevel: String, Sendable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}

/// Log line formats accepted in `LEGO_LOG_TYPE`.
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json
}

/// ACME external account binding credentials. The HMAC key never appears in descriptions.
public struct ExternalAccountBindingSetting: Sendable, Equatable, CustomStringConvertible {
    /// The key identifier the CA gave.
    public var keyID: String
    /// The decoded HMAC key.
    public var hmacKey: [UInt8]

    /// Makes a binding setting.
    public init(keyID: String, hmacKey: [UInt8]) {
        self.keyID = keyID
        self.hmacKey = hmacKey
    }

    /// Names the key id only.
    public var description: String { "external account binding (kid \(keyID))" }
}

/// How replicas elect the one that acts (see `LeaderElection` in KubeLegoKube).
public struct LeaderElectionSettings: Sendable, Equatable {
    /// The Lease's name, in `LEGO_NAMESPACE` (`LEGO_LEASE_NAME`).
    public var leaseName: String
    /// This replica's identity: `LEGO_POD_NAME`, else the host name (the pod name in a cluster).
    public var identity: String
    /// `LEGO_LEASE_DURATION`, `LEGO_LEASE_RENEW_DEADLINE`, `LEGO_LEASE_RETRY_PERIOD`.
    public var leaseDuration: Duration
    public var renewDeadline: Duration
    public var retryPeriod: Duration
}
