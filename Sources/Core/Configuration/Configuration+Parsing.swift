#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoACME
import KubeLegoKube
import KubeLegoTLS

extension Configuration {
    /// Reads the core configuration. The first unusable value throws an `invalidSetting` error naming the
    /// variable, the value and what is allowed; start-up then stops with exit code 2.
    ///
    /// - Parameters:
    ///   - values: the variables (the process environment, with `kube-lego run` flags laid over it).
    ///   - providers: names of the providers registered in this binary, in registration order: the default
    ///     provider and class lists, the first being the default class.
    ///   - podNamespace: the pod's own namespace when running in a cluster, the default of `LEGO_NAMESPACE`.
    public static func parse(
        _ values: SettingValues, providers registered: [String], podNamespace: String? = nil
    ) throws(CoreError) -> Configuration {
        let email = try values.required("LEGO_EMAIL", "an e-mail address for certificate expiry notices").lowercased()
        let podIP = try values.required("LEGO_POD_IP", "the pod's IP from the downward API (status.podIP)")
        guard IPAddressText.isLiteral(podIP) else {
            throw invalid("LEGO_POD_IP", podIP, "an IPv4 or IPv6 address (set it from status.podIP)")
        }
        let directory = try directoryURL(values)
        let providers = values.list("LEGO_SUPPORTED_INGRESS_PROVIDER") ?? registered
        for provider in providers where !registered.contains(provider) {
            throw invalid(
                "LEGO_SUPPORTED_INGRESS_PROVIDER", provider,
                "one of the providers in this binary: \(registered.joined(separator: ", "))")
        }
        let classes = values.list("LEGO_SUPPORTED_INGRESS_CLASS") ?? registered
        var defaultClass = registered.first ?? ""
        if let value = values.value("LEGO_DEFAULT_INGRESS_CLASS")?.lowercased() {
            guard classes.contains(value) else {
                throw invalid("LEGO_DEFAULT_INGRESS_CLASS", value, "one of LEGO_SUPPORTED_INGRESS_CLASS: \(classes.joined(separator: ","))")
            }
            defaultClass = value
        }
        var defaultProvider = defaultClass
        if let value = values.value("LEGO_DEFAULT_INGRESS_PROVIDER")?.lowercased() {
            guard providers.contains(value) else {
                throw invalid("LEGO_DEFAULT_INGRESS_PROVIDER", value, "one of LEGO_SUPPORTED_INGRESS_PROVIDER: \(providers.joined(separator: ","))")
            }
            defaultProvider = value
        }
        var configuration = Configuration(
            email: email,
            podIP: podIP,
            namespace: values.value("LEGO_NAMESPACE") ?? podNamespace ?? "default",
            acmeDirectoryURL: directory,
            accountSecretName: values.value("LEGO_SECRET_NAME") ?? "kube-lego-account",
            supportedProviders: providers,
            supportedClasses: classes,
            defaultClass: defaultClass,
            defaultProvider: defaultProvider,
            checkInterval: try values.duration("LEGO_CHECK_INTERVAL", default: .seconds(8 * 3600), minimum: .seconds(300)),
            minimumValidity: try values.duration("LEGO_MINIMUM_VALIDITY", default: .seconds(720 * 3600), minimum: .seconds(24 * 3600)),
            kubeAPIURL: try kubeAPIURL(values),
            port: try values.integer("LEGO_PORT", default: 8080, range: 1...65534),
            annotationKey: values.value("LEGO_KUBE_ANNOTATION") ?? "kubernetes.io/tls-acme",
            serviceSelector: values.value("LEGO_SERVICE_SELECTOR") ?? "kube-lego",
            watchNamespace: values.value("LEGO_WATCH_NAMESPACE"),
            keyType: try keyType(values),
            logLevel: try logLevel(values),
            logFormat: try values.choice("LEGO_LOG_TYPE", default: .text),
            preferredChain: values.value("LEGO_PREFERRED_CHAIN"),
            externalAccountBinding: try externalAccountBinding(values),
            extraCACertificateFiles: values.list("LEGO_CA_CERTIFICATES", lowercase: false) ?? [],
            workers: try values.integer("LEGO_WORKERS", default: 16, range: 1...64),
            metricsPort: try values.integer("LEGO_METRICS_PORT", default: 8081, range: 0...65535).nonZero
        )
        configuration.defaultChallenge = values.value("LEGO_DEFAULT_CHALLENGE")?.lowercased() ?? defaultChallengeMethod
        configuration.hostPolicy = try values.choice("LEGO_HOST_POLICY", default: .routed)
        configuration.gatewayClasses = values.list("LEGO_GATEWAY_CLASSES") ?? []
        configuration.leaderElection = try leaderElection(values)
        configuration.kubeQPS = Double(try values.integer("LEGO_KUBE_QPS", default: 50, range: 1...10_000))
        configuration.kubeBurst = try values.integer("LEGO_KUBE_BURST", default: 100, range: 1...10_000)
        configuration.metricsAddress = try listenAddress(values, "LEGO_METRICS_ADDRESS", default: "0.0.0.0")
        return configuration
    }

    /// Reads the core configuration from raw variables (tests and tools); returns it with the legacy-name
    /// warnings worth logging.
    public static func parse(
        environment: [String: String], providers: [String], podNamespace: String? = nil
    ) throws(CoreError) -> (configuration: Configuration, warnings: [String]) {
        let values = SettingValues(environment: environment, declared: coreSettings(providers: providers))
        var warnings = values.warnings
        let configuration = try parse(values, providers: providers, podNamespace: podNamespace)
        if let retired = values.value("LEGO_URL").flatMap(retiredDirectoryWarning) { warnings.append(retired) }
        return (configuration, warnings)
    }

    /// The warning for a retired ACME v1 directory in `LEGO_URL`, if it is one.
    public static func retiredDirectoryWarning(_ url: String) -> String? {
        let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
        guard let successor = retiredDirectories[trimmed] else { return nil }
        return "LEGO_URL \(trimmed) is an ACME v1 directory, which is shut down; using its ACME v2 successor \(successor)"
    }

    static func invalid(_ variable: String, _ value: String, _ allowed: String) -> CoreError {
        SettingValues.invalid(variable, value, allowed)
    }

    private static func directoryURL(_ values: SettingValues) throws(CoreError) -> String {
        guard var url = values.value("LEGO_URL") else { return letsEncryptStaging }
        if url.hasSuffix("/") { url.removeLast() }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw invalid("LEGO_URL", url, "an http(s) URL of an ACME v2 directory")
        }
        if let successor = retiredDirectories[url] { return successor }
        return url
    }

    private static func kubeAPIURL(_ values: SettingValues) throws(CoreError) -> String? {
        guard let url = values.value("LEGO_KUBE_API_URL") else { return nil }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw invalid("LEGO_KUBE_API_URL", url, "an http(s) URL of the Kubernetes API server")
        }
        return url
    }

    private static func leaderElection(_ values: SettingValues) throws(CoreError) -> LeaderElectionSettings? {
        guard try values.boolean("LEGO_LEADER_ELECTION", default: true) else { return nil }
        let duration = try values.duration("LEGO_LEASE_DURATION", default: .seconds(15), minimum: .seconds(2))
        let deadline = try values.duration("LEGO_LEASE_RENEW_DEADLINE", default: .seconds(10), minimum: .seconds(1))
        let retry = try values.duration("LEGO_LEASE_RETRY_PERIOD", default: .seconds(2), minimum: .milliseconds(100))
        guard deadline < duration else {
            throw invalid("LEGO_LEASE_RENEW_DEADLINE", values.value("LEGO_LEASE_RENEW_DEADLINE") ?? "10s",
                          "a duration shorter than LEGO_LEASE_DURATION, so a leader stops before its lease can be taken")
        }
        guard retry < deadline else {
            throw invalid("LEGO_LEASE_RETRY_PERIOD", values.value("LEGO_LEASE_RETRY_PERIOD") ?? "2s",
                          "a duration shorter than LEGO_LEASE_RENEW_DEADLINE")
        }
        let name = values.value("LEGO_LEASE_NAME") ?? "kube-lego-leader"
        if let problem = ObjectNameRules.dns1123SubdomainProblem(name) { throw invalid("LEGO_LEASE_NAME", name, problem) }
        let identity = values.value("LEGO_POD_NAME") ?? ProcessInfo.processInfo.hostName
        return LeaderElectionSettings(
            leaseName: name, identity: identity, leaseDuration: duration, renewDeadline: deadline, retryPeriod: retry)
    }

    private static func keyType(_ values: SettingValues) throws(CoreError) -> KeyType {
        if let value = values.value("LEGO_KEY_TYPE") {
            guard let type = KeyType(rawValue: value.lowercased()) else {
                throw invalid("LEGO_KEY_TYPE", value, KeyType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return type
        }
        guard let size = values.value("LEGO_RSA_KEYSIZE") else { return .rsa2048 }
        switch size {
        case "2048": return .rsa2048
        case "3072": return .rsa3072
        case "4096": return .rsa4096
        default: throw invalid("LEGO_RSA_KEYSIZE", size, "2048, 3072 or 4096 (CAs refuse smaller RSA keys); or set LEGO_KEY_TYPE")
        }
    }

    private static func logLevel(_ values: SettingValues) throws(CoreError) -> LogLevel {
        guard let value = values.value("LEGO_LOG_LEVEL")?.lowercased() else { return .info }
        if value == "warn" { return .warning }
        guard let level = LogLevel(rawValue: value) else {
            throw invalid("LEGO_LOG_LEVEL", value, "trace, debug, info, notice, warn, warning, error or critical")
        }
        return level
    }

    private static func externalAccountBinding(_ values: SettingValues) throws(CoreError) -> ExternalAccountBindingSetting? {
        let keyID = values.value("LEGO_EAB_KID")
        let hmac = values.value("LEGO_EAB_HMAC_KEY")
        switch (keyID, hmac) {
        case (nil, nil): return nil
        case (let keyID?, let hmac?):
            guard let key = Base64URL.decode(hmac), !key.isEmpty else {
                throw invalid("LEGO_EAB_HMAC_KEY", "(hidden)", "the base64url HMAC key the CA gave")
            }
            return ExternalAccountBindingSetting(keyID: keyID, hmacKey: key)
        case (nil, _): throw CoreError(.invalidSetting, "LEGO_EAB_HMAC_KEY is set but LEGO_EAB_KID is not: set both or neither", subject: "LEGO_EAB_KID")
        case (_, nil): throw CoreError(.invalidSetting, "LEGO_EAB_KID is set but LEGO_EAB_HMAC_KEY is not: set both or neither", subject: "LEGO_EAB_HMAC_KEY")
        }
    }
}

extension Int {
    fileprivate var nonZero: Int? { self == 0 ? nil : self }
}
