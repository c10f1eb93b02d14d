import KubeLegoTLS

extension Configuration {
    /// Reads the configuration from `LEGO_*` variables. The first unusable value throws an `invalidSetting`
    /// error naming the variable, the value and what is allowed; start-up then stops with exit code 2.
    ///
    /// - Parameters:
    ///   - environment: variables (the process environment, with `kube-lego run` flags laid over it).
    ///   - knownProviders: names of the providers compiled into this binary.
    /// - Returns: the configuration and warnings worth logging (retired URLs, legacy variable names).
    public static func parse(
        environment: [String: String], knownProviders: Set<String> = ["nginx", "gce"]
    ) throws(CoreError) -> (configuration: Configuration, warnings: [String]) {
        var reader = SettingReader(environment: environment)
        let email = try reader.required("LEGO_EMAIL", "an e-mail address for certificate expiry notices").lowercased()
        let podIP = try reader.required("LEGO_POD_IP", "the pod's IP from the downward API (status.podIP)")
        guard podIP.isIPAddressLiteral else {
            throw invalid("LEGO_POD_IP", podIP, "an IPv4 or IPv6 address (set it from status.podIP)")
        }
        let directory = try directoryURL(&reader)
        let classes = reader.list("LEGO_SUPPORTED_INGRESS_CLASS") ?? ["nginx", "gce"]
        let providers = reader.list("LEGO_SUPPORTED_INGRESS_PROVIDER") ?? ["nginx", "gce"]
        for provider in providers where !knownProviders.contains(provider) {
            throw invalid(
                "LEGO_SUPPORTED_INGRESS_PROVIDER", provider,
                "one of the providers in this binary: \(knownProviders.sorted().joined(separator: ", "))")
        }
        var defaultClass = "nginx"
        if let value = reader.value("LEGO_DEFAULT_INGRESS_CLASS")?.lowercased() {
            guard classes.contains(value) else {
                throw invalid("LEGO_DEFAULT_INGRESS_CLASS", value, "one of LEGO_SUPPORTED_INGRESS_CLASS: \(classes.joined(separator: ","))")
            }
            defaultClass = value
        }
        var defaultProvider = defaultClass
        if let value = reader.value("LEGO_DEFAULT_INGRESS_PROVIDER")?.lowercased() {
            guard providers.contains(value) else {
                throw invalid("LEGO_DEFAULT_INGRESS_PROVIDER", value, "one of LEGO_SUPPORTED_INGRESS_PROVIDER: \(providers.joined(separator: ","))")
            }
            defaultProvider = value
        }
        var configuration = Configuration(
            email: email,
            podIP: podIP,
            namespace: reader.value("LEGO_NAMESPACE") ?? "default",
            acmeDirectoryURL: directory,
            accountSecretName: reader.value("LEGO_SECRET_NAME") ?? "kube-lego-account",
            nginxServiceName: reader.value("LEGO_SERVICE_NAME_NGINX") ?? "kube-lego-nginx",
            gceServiceName: reader.value("LEGO_SERVICE_NAME_GCE") ?? "kube-lego-gce",
            nginxIngressName: reader.value("LEGO_INGRESS_NAME_NGINX") ?? "kube-lego-nginx",
            supportedProviders: providers,
            supportedClasses: classes,
            defaultClass: defaultClass,
            defaultProvider: defaultProvider,
            checkInterval: try reader.duration("LEGO_CHECK_INTERVAL", default: .seconds(8 * 3600), minimum: .seconds(300)),
            minimumValidity: try reader.duration("LEGO_MINIMUM_VALIDITY", default: .seconds(720 * 3600), minimum: .seconds(24 * 3600)),
            kubeAPIURL: try kubeAPIURL(&reader),
            port: try reader.integer("LEGO_PORT", default: 8080, range: 1...65534),
            annotationKey: reader.value("LEGO_KUBE_ANNOTATION") ?? "kubernetes.io/tls-acme",
            serviceSelector: reader.value("LEGO_SERVICE_SELECTOR") ?? "kube-lego",
            watchNamespace: reader.value("LEGO_WATCH_NAMESPACE"),
            keyType: try keyType(&reader),
            backoff: Backoff(
                initialInterval: try reader.duration("LEGO_EXPONENTIAL_BACKOFF_INITIAL_INTERVAL", default: .seconds(30), minimum: .milliseconds(1)),
                multiplier: try reader.multiplier("LEGO_EXPONENTIAL_BACKOFF_MULTIPLIER", default: 2.0),
                maxElapsedTime: try reader.duration("LEGO_EXPONENTIAL_BACKOFF_MAX_ELAPSED_TIME", default: .seconds(300), minimum: .zero)
            ),
            logLevel: try logLevel(&reader),
            logFormat: try reader.choice("LEGO_LOG_TYPE", default: .text),
            preferredChain: reader.value("LEGO_PREFERRED_CHAIN"),
            externalAccountBinding: try externalAccountBinding(&reader),
            extraCACertificateFiles: reader.list("LEGO_CA_CERTIFICATES", lowercase: false) ?? [],
            workers: try reader.integer("LEGO_WORKERS", default: 4, range: 1...64),
            metricsPort: try reader.integer("LEGO_METRICS_PORT", default: 8081, range: 0...65535).nonZero,
            selfCheck: try reader.boolean("LEGO_SELFCHECK", default: true),
            selfCheckAddress: nil,
            gcePropagationTimeout: try reader.duration("LEGO_GCE_PROPAGATION_TIMEOUT", default: .seconds(900), minimum: .seconds(1)),
            gceKeepChallengePaths: try reader.boolean("LEGO_GCE_KEEP_CHALLENGE_PATHS", default: false)
        )
        (configuration.selfCheckAddress, configuration.selfCheckAddresses) = try selfCheckAddresses(&reader)
        configuration.kubeQPS = Double(try reader.integer("LEGO_KUBE_QPS", default: 50, range: 1...10_000))
        configuration.kubeBurst = try reader.integer("LEGO_KUBE_BURST", default: 100, range: 1...10_000)
        return (configuration, reader.warnings)
    }

    static func invalid(_ variable: String, _ value: String, _ allowed: String) -> CoreError {
        CoreError(.invalidSetting, "invalid value \"\(value)\": expected \(allowed)", subject: variable)
    }

    private static func directoryURL(_ reader: inout SettingReader) throws(CoreError) -> String {
        guard var url = reader.value("LEGO_URL") else { return letsEncryptStaging }
        if url.hasSuffix("/") { url.removeLast() }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw invalid("LEGO_URL", url, "an http(s) URL of an ACME v2 directory")
        }
        if let successor = retiredDirectories[url] {
            reader.warnings.append("LEGO_URL \(url) is an ACME v1 directory, which is shut down; using its ACME v2 successor \(successor)")
            return successor
        }
        return url
    }

    private static func kubeAPIURL(_ reader: inout SettingReader) throws(CoreError) -> String? {
        guard let url = reader.value("LEGO_KUBE_API_URL") else { return nil }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw invalid("LEGO_KUBE_API_URL", url, "an http(s) URL of the Kubernetes API server")
        }
        return url
    }

    private static func keyType(_ reader: inout SettingReader) throws(CoreError) -> KeyType {
        if let value = reader.value("LEGO_KEY_TYPE") {
            guard let type = KeyType(rawValue: value.lowercased()) else {
                throw invalid("LEGO_KEY_TYPE", value, KeyType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return type
        }
        guard let size = reader.value("LEGO_RSA_KEYSIZE") else { return .rsa2048 }
        switch size {
        case "2048": return .rsa2048
        case "3072": return .rsa3072
        case "4096": return .rsa4096
        default: throw invalid("LEGO_RSA_KEYSIZE", size, "2048, 3072 or 4096 (CAs refuse smaller RSA keys); or set LEGO_KEY_TYPE")
        }
    }

    private static func logLevel(_ reader: inout SettingReader) throws(CoreError) -> LogLevel {
        guard let value = reader.value("LEGO_LOG_LEVEL")?.lowercased() else { return .info }
        if value == "warn" { return .warning }
        guard let level = LogLevel(rawValue: value) else {
            throw invalid("LEGO_LOG_LEVEL", value, "trace, debug, info, notice, warn, warning, error or critical")
        }
        return level
    }

    private static func externalAccountBinding(_ reader: inout SettingReader) throws(CoreError) -> ExternalAccountBindingSetting? {
        let keyID = reader.value("LEGO_EAB_KID")
        let hmac = reader.value("LEGO_EAB_HMAC_KEY")
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

    /// `host:port`, or comma-separated `class=host:port` entries with at most one entry without a class.
    private static func selfCheckAddresses(_ reader: inout SettingReader) throws(CoreError) -> (String?, [String: String]) {
        guard let value = reader.value("LEGO_SELFCHECK_ADDRESS") else { return (nil, [:]) }
        var fallback: String?
        var byClass: [String: String] = [:]
        for entry in value.split(separator: ",").map({ $0.trimmingCharacters(in: " ") }) where !entry.isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            let address = parts.last ?? ""
            guard let colon = address.lastIndex(of: ":"), colon != address.startIndex,
                let port = Int(address[address.index(after: colon)...]), (1...65535).contains(port)
            else {
                throw invalid("LEGO_SELFCHECK_ADDRESS", value, "host:port, or class=host:port entries, e.g. ingress-nginx-controller.ingress-nginx:80")
            }
            if parts.count == 2 {
                byClass[parts[0].lowercased()] = address
            } else {
                fallback = address
            }
        }
        return (fallback, byClass)
    }
}

extension Int {
    fileprivate var nonZero: Int? { self == 0 ? nil : self }
}

extension String {
    /// True for an IPv4 dotted quad or an IPv6 literal.
    var isIPAddressLiteral: Bool {
        if contains(":") {
            return allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } && filter({ $0 == ":" }).count >= 2
        }
        let parts = split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            guard part.count <= 3, let number = Int(part) else { return false }
            return (0...255).contains(number)
        }
    }
}
