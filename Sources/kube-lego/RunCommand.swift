import ArgumentParser
import KubeLegoCore

/// `kube-lego run`: the controller. Every setting is a `LEGO_*` variable and a flag; a flag wins.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Watch annotated Ingresses and keep their certificates issued and renewed.",
        discussion: """
            Every setting is read from its environment variable (as the original kube-lego did) and may be \
            given as a flag instead; the flag wins. An invalid value stops start-up with exit code 2.

            \(Configuration.settings.map { "\($0.variable) (--\($0.flag))" }.joined(separator: "\n"))
            """
    )

    @Option(name: .customLong("email"), help: help("LEGO_EMAIL")) var email: String?
    @Option(name: .customLong("pod-ip"), help: help("LEGO_POD_IP")) var podIP: String?
    @Option(name: .customLong("namespace"), help: help("LEGO_NAMESPACE")) var namespace: String?
    @Option(name: .customLong("acme-url"), help: help("LEGO_URL")) var acmeURL: String?
    @Option(name: .customLong("secret-name"), help: help("LEGO_SECRET_NAME")) var secretName: String?
    @Option(name: .customLong("service-name-nginx"), help: help("LEGO_SERVICE_NAME_NGINX")) var serviceNameNginx: String?
    @Option(name: .customLong("service-name-gce"), help: help("LEGO_SERVICE_NAME_GCE")) var serviceNameGCE: String?
    @Option(name: .customLong("ingress-name-nginx"), help: help("LEGO_INGRESS_NAME_NGINX")) var ingressNameNginx: String?
    @Option(name: .customLong("supported-ingress-provider"), help: help("LEGO_SUPPORTED_INGRESS_PROVIDER")) var supportedProviders: String?
    @Option(name: .customLong("supported-ingress-class"), help: help("LEGO_SUPPORTED_INGRESS_CLASS")) var supportedClasses: String?
    @Option(name: .customLong("default-ingress-class"), help: help("LEGO_DEFAULT_INGRESS_CLASS")) var defaultClass: String?
    @Option(name: .customLong("default-ingress-provider"), help: help("LEGO_DEFAULT_INGRESS_PROVIDER")) var defaultProvider: String?
    @Option(name: .customLong("check-interval"), help: help("LEGO_CHECK_INTERVAL")) var checkInterval: String?
    @Option(name: .customLong("minimum-validity"), help: help("LEGO_MINIMUM_VALIDITY")) var minimumValidity: String?
    @Option(name: .customLong("kube-api-url"), help: help("LEGO_KUBE_API_URL")) var kubeAPIURL: String?
    @Option(name: .customLong("port"), help: help("LEGO_PORT")) var port: String?
    @Option(name: .customLong("kube-annotation"), help: help("LEGO_KUBE_ANNOTATION")) var kubeAnnotation: String?
    @Option(name: .customLong("service-selector"), help: help("LEGO_SERVICE_SELECTOR")) var serviceSelector: String?
    @Option(name: .customLong("watch-namespace"), help: help("LEGO_WATCH_NAMESPACE")) var watchNamespace: String?
    @Option(name: .customLong("key-type"), help: help("LEGO_KEY_TYPE")) var keyType: String?
    @Option(name: .customLong("rsa-keysize"), help: help("LEGO_RSA_KEYSIZE")) var rsaKeySize: String?
    @Option(name: .customLong("backoff-initial-interval"), help: help("LEGO_EXPONENTIAL_BACKOFF_INITIAL_INTERVAL")) var backoffInitial: String?
    @Option(name: .customLong("backoff-multiplier"), help: help("LEGO_EXPONENTIAL_BACKOFF_MULTIPLIER")) var backoffMultiplier: String?
    @Option(name: .customLong("backoff-max-elapsed-time"), help: help("LEGO_EXPONENTIAL_BACKOFF_MAX_ELAPSED_TIME")) var backoffMaxElapsed: String?
    @Option(name: .customLong("log-level"), help: help("LEGO_LOG_LEVEL")) var logLevel: String?
    @Option(name: .customLong("log-type"), help: help("LEGO_LOG_TYPE")) var logType: String?
    @Option(name: .customLong("preferred-chain"), help: help("LEGO_PREFERRED_CHAIN")) var preferredChain: String?
    @Option(name: .customLong("eab-kid"), help: help("LEGO_EAB_KID")) var eabKID: String?
    @Option(name: .customLong("eab-hmac-key"), help: help("LEGO_EAB_HMAC_KEY")) var eabHMACKey: String?
    @Option(name: .customLong("ca-certificates"), help: help("LEGO_CA_CERTIFICATES")) var caCertificates: String?
    @Option(name: .customLong("workers"), help: help("LEGO_WORKERS")) var workers: String?
    @Option(name: .customLong("kube-qps"), help: help("LEGO_KUBE_QPS")) var kubeQPS: String?
    @Option(name: .customLong("kube-burst"), help: help("LEGO_KUBE_BURST")) var kubeBurst: String?
    @Option(name: .customLong("metrics-port"), help: help("LEGO_METRICS_PORT")) var metricsPort: String?
    @Option(name: .customLong("selfcheck"), help: help("LEGO_SELFCHECK")) var selfCheck: String?
    @Option(name: .customLong("selfcheck-address"), help: help("LEGO_SELFCHECK_ADDRESS")) var selfCheckAddress: String?
    @Option(name: .customLong("gce-propagation-timeout"), help: help("LEGO_GCE_PROPAGATION_TIMEOUT")) var gcePropagationTimeout: String?
    @Option(name: .customLong("gce-keep-challenge-paths"), help: help("LEGO_GCE_KEEP_CHALLENGE_PATHS")) var gceKeepChallengePaths: String?

    /// The flags that were given, keyed by the variable they stand for.
    var flagValues: [String: String] {
        let pairs: [(String, String?)] = [
            ("LEGO_EMAIL", email), ("LEGO_POD_IP", podIP), ("LEGO_NAMESPACE", namespace), ("LEGO_URL", acmeURL),
            ("LEGO_SECRET_NAME", secretName), ("LEGO_SERVICE_NAME_NGINX", serviceNameNginx),
            ("LEGO_SERVICE_NAME_GCE", serviceNameGCE), ("LEGO_INGRESS_NAME_NGINX", ingressNameNginx),
            ("LEGO_SUPPORTED_INGRESS_PROVIDER", supportedProviders), ("LEGO_SUPPORTED_INGRESS_CLASS", supportedClasses),
            ("LEGO_DEFAULT_INGRESS_CLASS", defaultClass), ("LEGO_DEFAULT_INGRESS_PROVIDER", defaultProvider),
            ("LEGO_CHECK_INTERVAL", checkInterval), ("LEGO_MINIMUM_VALIDITY", minimumValidity),
            ("LEGO_KUBE_API_URL", kubeAPIURL), ("LEGO_PORT", port), ("LEGO_KUBE_ANNOTATION", kubeAnnotation),
            ("LEGO_SERVICE_SELECTOR", serviceSelector), ("LEGO_WATCH_NAMESPACE", watchNamespace),
            ("LEGO_KEY_TYPE", keyType), ("LEGO_RSA_KEYSIZE", rsaKeySize),
            ("LEGO_EXPONENTIAL_BACKOFF_INITIAL_INTERVAL", backoffInitial),
            ("LEGO_EXPONENTIAL_BACKOFF_MULTIPLIER", backoffMultiplier),
            ("LEGO_EXPONENTIAL_BACKOFF_MAX_ELAPSED_TIME", backoffMaxElapsed), ("LEGO_LOG_LEVEL", logLevel),
            ("LEGO_LOG_TYPE", logType), ("LEGO_PREFERRED_CHAIN", preferredChain), ("LEGO_EAB_KID", eabKID),
            ("LEGO_EAB_HMAC_KEY", eabHMACKey), ("LEGO_CA_CERTIFICATES", caCertificates), ("LEGO_WORKERS", workers),
            ("LEGO_KUBE_QPS", kubeQPS), ("LEGO_KUBE_BURST", kubeBurst), ("LEGO_METRICS_PORT", metricsPort), ("LEGO_SELFCHECK", selfCheck),
            ("LEGO_SELFCHECK_ADDRESS", selfCheckAddress), ("LEGO_GCE_PROPAGATION_TIMEOUT", gcePropagationTimeout),
            ("LEGO_GCE_KEEP_CHALLENGE_PATHS", gceKeepChallengePaths),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.compactMap { name, value in value.map { (name, $0) } })
    }
}

/// The help line of a setting, taken from the one table of settings.
private func help(_ variable: String) -> ArgumentHelp {
    guard let setting = Configuration.settings.first(where: { $0.variable == variable }) else {
        return ArgumentHelp("(\(variable))")
    }
    let defaultText = setting.defaultValue.isEmpty ? "" : " Default: \(setting.defaultValue)."
    return ArgumentHelp("\(setting.help)\(defaultText) [\(variable)]")
}
