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

    /// The settings Core reads, in the order `kube-lego run --help` and the README list them. Providers and
    /// challenge methods declare their own when they register. `providers` are the registered provider names,
    /// which are the defaults of the provider and class lists.
    public static func coreSettings(providers: [String]) -> [Setting] {
        let registered = providers.joined(separator: ",")
        return [
            Setting("LEGO_EMAIL", flag: "email", help: "Contact e-mail for the ACME account (required)."),
            Setting("LEGO_POD_IP", flag: "pod-ip", help: "This pod's IP, from the downward API (required; providers that write Endpoints point them at it)."),
            Setting("LEGO_NAMESPACE", flag: "namespace", default: "(the pod's namespace, else default)",
                    help: "Namespace of the account Secret, the state ConfigMap and shared challenge objects."),
            Setting("LEGO_URL", flag: "acme-url", default: letsEncryptStaging, help: "ACME v2 directory URL. ACME v1 Let's Encrypt URLs are mapped to v2."),
            Setting("LEGO_SECRET_NAME", flag: "secret-name", default: "kube-lego-account", help: "Name of the ACME account Secret."),
            Setting("LEGO_SUPPORTED_INGRESS_PROVIDER", flag: "supported-ingress-provider", default: registered,
                    help: "Comma-separated providers to run (default: every provider in this binary)."),
            Setting("LEGO_SUPPORTED_INGRESS_CLASS", flag: "supported-ingress-class", default: registered,
                    help: "Comma-separated Ingress classes to serve (default: the provider names)."),
            Setting("LEGO_DEFAULT_INGRESS_CLASS", flag: "default-ingress-class", default: providers.first ?? "",
                    help: "Class of Ingresses that name none; must be a supported class."),
            Setting("LEGO_DEFAULT_INGRESS_PROVIDER", flag: "default-ingress-provider", default: "(the default class)",
                    help: "Provider for classes that are not a provider's name."),
            Setting("LEGO_DEFAULT_CHALLENGE", flag: "default-challenge", default: defaultChallengeMethod,
                    help: "Challenge method for TLS entries whose Ingress names none (annotation \(challengeAnnotation))."),
            Setting("LEGO_HOST_POLICY", flag: "host-policy", default: HostPolicy.routed.rawValue,
                    help: "routed: a namespace gets certificates only for hosts its Ingresses route in spec.rules, the oldest such Ingress winning across namespaces; any: every namespace for any host (the original)."),
            Setting("LEGO_GATEWAY_CLASSES", flag: "gateway-classes",
                    help: "Comma-separated Gateway classes (spec.gatewayClassName) whose annotated Gateways get certificates, through the gateway provider; unset: Gateways are not watched."),
            Setting("LEGO_CHECK_INTERVAL", flag: "check-interval", default: "8h", help: "How often every Ingress is checked (Go duration, at least 5m)."),
            Setting("LEGO_MINIMUM_VALIDITY", flag: "minimum-validity", default: "720h", help: "Renew when less validity than this is left (at least 24h)."),
            Setting("LEGO_KUBE_API_URL", flag: "kube-api-url", help: "Kubernetes API URL; unset: in-cluster config, then KUBECONFIG or ~/.kube/config."),
            Setting("LEGO_PORT", flag: "port", default: "8080", help: "Port of the HTTP-01 responder and the challenge Services (1-65534)."),
            Setting("LEGO_KUBE_ANNOTATION", flag: "kube-annotation", default: "kubernetes.io/tls-acme", help: "Annotation key that enables kube-lego on an Ingress."),
            Setting("LEGO_SERVICE_SELECTOR", flag: "service-selector", default: "kube-lego", help: "Value of the app label of kube-lego's pods, which challenge Services select."),
            Setting("LEGO_WATCH_NAMESPACE", flag: "watch-namespace", help: "Only watch this namespace; unset watches all."),
            Setting("LEGO_KEY_TYPE", flag: "key-type", default: "rsa2048", help: "Certificate key type: rsa2048, rsa3072, rsa4096, ec256 or ec384."),
            Setting("LEGO_RSA_KEYSIZE", flag: "rsa-keysize", help: "Legacy: RSA key size 2048, 3072 or 4096 (use LEGO_KEY_TYPE)."),
            Setting("LEGO_LOG_LEVEL", flag: "log-level", default: "info", help: "trace, debug, info, notice, warn(ing), error or critical."),
            Setting("LEGO_LOG_TYPE", flag: "log-type", default: "text", help: "Log format: text or json."),
            Setting("LEGO_PREFERRED_CHAIN", flag: "preferred-chain", help: "Issuer common name of the chain to prefer when the CA offers several."),
            Setting("LEGO_EAB_KID", flag: "eab-kid", help: "External account binding key id (with LEGO_EAB_HMAC_KEY)."),
            Setting("LEGO_EAB_HMAC_KEY", flag: "eab-hmac-key", help: "External account binding HMAC key, base64url.", secret: true),
            Setting("LEGO_CA_CERTIFICATES", flag: "ca-certificates", help: "Comma-separated PEM files of extra CAs to trust for the ACME server."),
            Setting("LEGO_WORKERS", flag: "workers", default: "16", help: "How many certificates may be ordered at once (1-64)."),
            Setting("LEGO_KUBE_QPS", flag: "kube-qps", default: "50", help: "Requests per second kube-lego may send to the Kubernetes API (token bucket)."),
            Setting("LEGO_KUBE_BURST", flag: "kube-burst", default: "100", help: "Requests kube-lego may send at once above LEGO_KUBE_QPS."),
            Setting("LEGO_LEADER_ELECTION", flag: "leader-election", default: "true",
                    help: "Elect one acting replica on a Lease (true or false); the others keep caches warm and take over when it goes."),
            Setting("LEGO_LEASE_NAME", flag: "lease-name", default: "kube-lego-leader", help: "Name of the leader-election Lease in LEGO_NAMESPACE."),
            Setting("LEGO_LEASE_DURATION", flag: "lease-duration", default: "15s", help: "How long a leader's lease lasts without renewal."),
            Setting("LEGO_LEASE_RENEW_DEADLINE", flag: "lease-renew-deadline", default: "10s",
                    help: "A leader that has not renewed for this long stops acting (shorter than LEGO_LEASE_DURATION)."),
            Setting("LEGO_LEASE_RETRY_PERIOD", flag: "lease-retry-period", default: "2s", help: "How often to try to take or renew the lease."),
            Setting("LEGO_POD_NAME", flag: "pod-name", default: "(the host name)", help: "This pod's name, from the downward API: the lease holder identity."),
            Setting("LEGO_METRICS_PORT", flag: "metrics-port", default: "8081", help: "Port of the Prometheus /metrics endpoint; 0 disables it."),
            Setting(
                "LEGO_METRICS_ADDRESS", flag: "metrics-address", default: "0.0.0.0",
                help: "IP address the /metrics endpoint listens on, e.g. 127.0.0.1 to keep it inside the pod or :: for IPv6."),
        ]
    }

    /// The annotation that chooses the challenge method of an Ingress's certificates, e.g. "dns-01".
    public static let challengeAnnotation = "kube-lego.io/challenge"
    /// The challenge method used when neither the Ingress nor `LEGO_DEFAULT_CHALLENGE` names one.
    public static let defaultChallengeMethod = "http-01"
}
