/// One setting: its environment variable, its `kube-lego run` flag, its default and what it does.
public struct Setting: Sendable, Equatable {
    /// The environment variable, e.g. "LEGO_EMAIL".
    public let variable: String
    /// The long flag of `kube-lego run`, without dashes, e.g. "email".
    public let flag: String
    /// The default as a person would write it; empty when there is none.
    public let defaultValue: String
    /// What the setting does and which values it takes.
    public let help: String
    /// Older variable names still read, with a warning.
    public let legacyVariables: [String]

    init(_ variable: String, _ flag: String, _ defaultValue: String, _ help: String, legacy: [String] = []) {
        self.variable = variable
        self.flag = flag
        self.defaultValue = defaultValue
        self.help = help
        self.legacyVariables = legacy
    }
}

extension Configuration {
    /// Let's Encrypt's ACME v2 staging directory: the default, as kube-lego always defaulted to staging.
    public static let letsEncryptStaging = "https://acme-staging-v02.api.letsencrypt.org/directory"
    /// Let's Encrypt's ACME v2 production directory.
    public static let letsEncryptProduction = "https://acme-v02.api.letsencrypt.org/directory"

    /// ACME v1 directories that no longer exist, and their v2 successors.
    static let retiredDirectories = [
        "https://acme-staging.api.letsencrypt.org/directory": letsEncryptStaging,
        "https://acme-v01.api.letsencrypt.org/directory": letsEncryptProduction,
    ]

    /// Every setting, in the order `kube-lego run --help` and the README list them.
    public static let settings: [Setting] = [
        Setting("LEGO_EMAIL", "email", "", "Contact e-mail for the ACME account (required)."),
        Setting("LEGO_POD_IP", "pod-ip", "", "This pod's IP, from the downward API (required; GCE Endpoints point at it)."),
        Setting("LEGO_NAMESPACE", "namespace", "default", "Namespace of the account Secret and the nginx challenge objects."),
        Setting("LEGO_URL", "acme-url", letsEncryptStaging, "ACME v2 directory URL. ACME v1 Let's Encrypt URLs are mapped to v2."),
        Setting("LEGO_SECRET_NAME", "secret-name", "kube-lego-account", "Name of the ACME account Secret."),
        Setting("LEGO_SERVICE_NAME_NGINX", "service-name-nginx", "kube-lego-nginx", "Name of the nginx challenge Service.", legacy: ["LEGO_SERVICE_NAME"]),
        Setting("LEGO_SERVICE_NAME_GCE", "service-name-gce", "kube-lego-gce", "Name of the GCE challenge Service in each namespace."),
        Setting("LEGO_INGRESS_NAME_NGINX", "ingress-name-nginx", "kube-lego-nginx", "Name of the nginx challenge Ingress.", legacy: ["LEGO_INGRESS_NAME"]),
        Setting("LEGO_SUPPORTED_INGRESS_PROVIDER", "supported-ingress-provider", "nginx,gce", "Comma-separated providers to run."),
        Setting("LEGO_SUPPORTED_INGRESS_CLASS", "supported-ingress-class", "nginx,gce", "Comma-separated Ingress classes to serve."),
        Setting("LEGO_DEFAULT_INGRESS_CLASS", "default-ingress-class", "nginx", "Class of Ingresses that name none; must be a supported class."),
        Setting("LEGO_DEFAULT_INGRESS_PROVIDER", "default-ingress-provider", "(the default class)", "Provider for classes that are not a provider's name."),
        Setting("LEGO_CHECK_INTERVAL", "check-interval", "8h", "How often every Ingress is checked (Go duration, at least 5m)."),
        Setting("LEGO_MINIMUM_VALIDITY", "minimum-validity", "720h", "Renew when less validity than this is left (at least 24h)."),
        Setting("LEGO_KUBE_API_URL", "kube-api-url", "", "Kubernetes API URL; unset: in-cluster config, then KUBECONFIG or ~/.kube/config."),
        Setting("LEGO_PORT", "port", "8080", "Port of the HTTP-01 responder and the challenge Services (1-65534)."),
        Setting("LEGO_KUBE_ANNOTATION", "kube-annotation", "kubernetes.io/tls-acme", "Annotation key that enables kube-lego on an Ingress."),
        Setting("LEGO_SERVICE_SELECTOR", "service-selector", "kube-lego", "Value of the app label the nginx challenge Service selects."),
        Setting("LEGO_WATCH_NAMESPACE", "watch-namespace", "", "Only watch this namespace; unset watches all."),
        Setting("LEGO_KEY_TYPE", "key-type", "rsa2048", "Certificate key type: rsa2048, rsa3072, rsa4096, ec256 or ec384."),
        Setting("LEGO_RSA_KEYSIZE", "rsa-keysize", "", "Legacy: RSA key size 2048, 3072 or 4096 (use LEGO_KEY_TYPE)."),
        Setting("LEGO_EXPONENTIAL_BACKOFF_INITIAL_INTERVAL", "backoff-initial-interval", "30s", "First wait between self-check attempts.", legacy: ["LEGO_EXPONENTIAL_BACKOFF_MAX_INITIAL_INTERVAL"]),
        Setting("LEGO_EXPONENTIAL_BACKOFF_MULTIPLIER", "backoff-multiplier", "2.0", "Factor between consecutive waits (at least 1).", legacy: ["LEGO_EXPONENTIAL_BACKOFF_MAX_MULTIPLIER"]),
        Setting("LEGO_EXPONENTIAL_BACKOFF_MAX_ELAPSED_TIME", "backoff-max-elapsed-time", "5m", "Give up a self-check after this long."),
        Setting("LEGO_LOG_LEVEL", "log-level", "info", "trace, debug, info, notice, warn(ing), error or critical."),
        Setting("LEGO_LOG_TYPE", "log-type", "text", "Log format: text or json."),
        Setting("LEGO_PREFERRED_CHAIN", "preferred-chain", "", "Issuer common name of the chain to prefer when the CA offers several."),
        Setting("LEGO_EAB_KID", "eab-kid", "", "External account binding key id (with LEGO_EAB_HMAC_KEY)."),
        Setting("LEGO_EAB_HMAC_KEY", "eab-hmac-key", "", "External account binding HMAC key, base64url."),
        Setting("LEGO_CA_CERTIFICATES", "ca-certificates", "", "Comma-separated PEM files of extra CAs to trust for the ACME server."),
        Setting("LEGO_WORKERS", "workers", "4", "How many certificates may be ordered at once (1-64)."),
        Setting("LEGO_KUBE_QPS", "kube-qps", "50", "Requests per second kube-lego may send to the Kubernetes API (token bucket)."),
        Setting("LEGO_KUBE_BURST", "kube-burst", "100", "Requests kube-lego may send at once above LEGO_KUBE_QPS."),
        Setting("LEGO_METRICS_PORT", "metrics-port", "8081", "Port of the Prometheus /metrics endpoint; 0 disables it."),
        Setting("LEGO_SELFCHECK", "selfcheck", "true", "Check the challenge route before asking the CA: true or false."),
        Setting("LEGO_SELFCHECK_ADDRESS", "selfcheck-address", "", "host:port to send self-checks to (e.g. the ingress controller's Service), Host header set to the domain; or class=host:port entries, comma-separated."),
        Setting("LEGO_GCE_PROPAGATION_TIMEOUT", "gce-propagation-timeout", "15m", "How long the GCE provider waits for the load balancer to route a challenge."),
        Setting("LEGO_GCE_KEEP_CHALLENGE_PATHS", "gce-keep-challenge-paths", "false", "Keep GCE challenge paths in Ingresses between renewals (no URL-map change per renewal, but the Ingress stays edited): true or false."),
    ]
}
