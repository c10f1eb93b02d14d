public import KubeLegoTLS

/// Everything kube-lego is configured with, read once at start-up from `LEGO_*` variables and flags.
///
/// Names, defaults and validation follow the original kube-lego (see `Configuration+Parsing.swift`), with
/// ACME v2 defaults and the settings its users asked for added.
public struct Configuration: Sendable, Equatable {
    /// Contact address for the ACME account (`LEGO_EMAIL`, required), lowercased.
    public var email: String
    /// This pod's IP (`LEGO_POD_IP`, required): the GCE provider points challenge Endpoints at it.
    public var podIP: String
    /// Namespace of the account Secret and the nginx challenge objects (`LEGO_NAMESPACE`).
    public var namespace: String
    /// ACME directory URL (`LEGO_URL`), without a trailing slash.
    public var acmeDirectoryURL: String
    /// Name of the account Secret (`LEGO_SECRET_NAME`).
    public var accountSecretName: String
    /// Name of the nginx challenge Service (`LEGO_SERVICE_NAME_NGINX`).
    public var nginxServiceName: String
    /// Name of the GCE challenge Service in each namespace (`LEGO_SERVICE_NAME_GCE`).
    public var gceServiceName: String
    /// Name of the nginx challenge Ingress (`LEGO_INGRESS_NAME_NGINX`).
    public var nginxIngressName: String
    /// Providers to run (`LEGO_SUPPORTED_INGRESS_PROVIDER`), lowercased.
    public var supportedProviders: [String]
    /// Ingress classes to serve (`LEGO_SUPPORTED_INGRESS_CLASS`), lowercased.
    public var supportedClasses: [String]
    /// Class of Ingresses that name none (`LEGO_DEFAULT_INGRESS_CLASS`).
    public var defaultClass: String
    /// Provider for classes that are not a provider's name (`LEGO_DEFAULT_INGRESS_PROVIDER`).
    public var defaultProvider: String
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
    /// Value of the `app` label the nginx challenge Service selects (`LEGO_SERVICE_SELECTOR`).
    public var serviceSelector: String
    /// Only watch this namespace (`LEGO_WATCH_NAMESPACE`); nil watches all.
    public var watchNamespace: String?
    /// Key type of certificate keys (`LEGO_KEY_TYPE`, or the legacy `LEGO_RSA_KEYSIZE`).
    public var keyType: KeyType
    /// Retry timing for self-checks and failed attempts (`LEGO_EXPONENTIAL_BACKOFF_*`).
    public var backoff: Backoff
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
    /// Whether to check the challenge route ourselves before asking the CA (`LEGO_SELFCHECK`).
    public var selfCheck: Bool
    /// Where self-check requests go instead of the host itself, as host:port (`LEGO_SELFCHECK_ADDRESS`), for
    /// every class without an entry of its own in `selfCheckAddresses`.
    public var selfCheckAddress: String?
    /// Per-class self-check addresses (`LEGO_SELFCHECK_ADDRESS=nginx=ingress-nginx.svc:80,gce=...`), for
    /// clusters whose ingress classes are served by different load balancers.
    public var selfCheckAddresses: [String: String] = [:]

    /// The self-check address for Ingresses of `ingressClass`, if any.
    public func selfCheckAddress(for ingressClass: String) -> String? {
        selfCheckAddresses[ingressClass] ?? selfCheckAddress
    }
    /// How long the GCE provider waits for its load balancer to route the challenge
    /// (`LEGO_GCE_PROPAGATION_TIMEOUT`).
    public var gcePropagationTimeout: Duration
    /// Whether the GCE provider leaves its challenge paths in a user's Ingress between renewals
    /// (`LEGO_GCE_KEEP_CHALLENGE_PATHS`, default false). Removing them after each issuance restores the user's
    /// Ingress exactly and frees the challenge Service (a GCE backend service, a quota-limited resource), at the
    /// price of a URL-map change and a new health check, minutes of propagation, at every renewal. Keeping them
    /// makes renewals need no load-balancer change; they go once the Ingress is no longer served.
    public var gceKeepChallengePaths: Bool = false
}

/// Exponential back-off timing, as the original's `LEGO_EXPONENTIAL_BACKOFF_*` settings describe it.
public struct Backoff: Sendable, Equatable {
    /// The first wait.
    public var initialInterval: Duration
    /// Factor between consecutive waits.
    public var multiplier: Double
    /// Give up once this much time has passed since the first attempt.
    public var maxElapsedTime: Duration

    /// Makes a back-off schedule.
    public init(initialInterval: Duration, multiplier: Double, maxElapsedTime: Duration) {
        self.initialInterval = initialInterval
        self.multiplier = multiplier
        self.maxElapsedTime = maxElapsedTime
    }
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
