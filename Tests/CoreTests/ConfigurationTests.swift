import KubeLegoCore
import KubeLegoTLS
import Testing

@Suite("Configuration from LEGO_* variables")
struct ConfigurationTests {
    let base = ["LEGO_EMAIL": "Admin@Example.com", "LEGO_POD_IP": "10.0.0.1"]
    /// The providers a binary registered, as the stock binary does.
    static let providers = ["nginx", "gce"]

    func parse(_ extra: [String: String]) throws -> Configuration {
        try Configuration.parse(environment: base.merging(extra) { $1 }, providers: Self.providers).configuration
    }

    func rejection(_ extra: [String: String]) -> CoreError? {
        do {
            _ = try parse(extra)
            return nil
        } catch let error as CoreError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test("defaults match the original kube-lego, with ACME v2 staging")
    func defaults() throws {
        let config = try parse([:])
        #expect(config.email == "admin@example.com")
        #expect(config.namespace == "default")
        #expect(config.acmeDirectoryURL == "https://acme-staging-v02.api.letsencrypt.org/directory")
        #expect(config.accountSecretName == "kube-lego-account")
        #expect(config.supportedClasses == ["nginx", "gce"])
        #expect(config.supportedProviders == ["nginx", "gce"])
        #expect(config.defaultClass == "nginx")
        #expect(config.defaultProvider == "nginx")
        #expect(config.checkInterval == .seconds(8 * 3600))
        #expect(config.minimumValidity == .seconds(720 * 3600))
        #expect(config.kubeAPIURL == nil)
        #expect(config.port == 8080)
        #expect(config.annotationKey == "kubernetes.io/tls-acme")
        #expect(config.serviceSelector == "kube-lego")
        #expect(config.watchNamespace == nil)
        #expect(config.keyType == .rsa2048)
        #expect(config.logLevel == .info)
        #expect(config.logFormat == .text)
        #expect(config.workers == 16)
        #expect(config.metricsPort == 8081)
        #expect(config.defaultChallenge == "http-01")
        #expect(config.hostPolicy == .routed, "multi-tenant safe by default")
    }

    @Test("LEGO_HOST_POLICY: routed or any, nothing else")
    func hostPolicy() throws {
        #expect(try parse(["LEGO_HOST_POLICY": "ANY"]).hostPolicy == .any)
        #expect(try parse(["LEGO_HOST_POLICY": "routed"]).hostPolicy == .routed)
        #expect(rejection(["LEGO_HOST_POLICY": "first"])?.subject == "LEGO_HOST_POLICY")
    }

    @Test("required variables are named when missing or unusable")
    func required() {
        #expect(throws: CoreError.self) { try Configuration.parse(environment: ["LEGO_POD_IP": "10.0.0.1"], providers: Self.providers) }
        #expect(rejection(["LEGO_POD_IP": "not-an-ip"])?.subject == "LEGO_POD_IP")
        #expect(rejection(["LEGO_EMAIL": ""])?.subject == "LEGO_EMAIL")
        #expect(rejection(["LEGO_POD_IP": "fd00::1"]) == nil)
    }

    @Test("LEGO_URL: one trailing slash stripped; ACME v1 Let's Encrypt URLs mapped to v2 with a warning")
    func directoryURL() throws {
        #expect(try parse(["LEGO_URL": "http://example.com/acme"]).acmeDirectoryURL == "http://example.com/acme")
        #expect(try parse(["LEGO_URL": "http://example.com/acme/"]).acmeDirectoryURL == "http://example.com/acme")
        let result = try Configuration.parse(
            environment: base.merging(["LEGO_URL": "https://acme-v01.api.letsencrypt.org/directory"]) { $1 }, providers: Self.providers)
        #expect(result.configuration.acmeDirectoryURL == "https://acme-v02.api.letsencrypt.org/directory")
        #expect(result.warnings.contains { $0.contains("ACME v1") })
        #expect(rejection(["LEGO_URL": "ftp://x"])?.subject == "LEGO_URL")
    }

    @Test("key type: LEGO_KEY_TYPE, or the legacy LEGO_RSA_KEYSIZE limited to sizes CAs accept")
    func keyType() throws {
        #expect(try parse(["LEGO_KEY_TYPE": "EC256"]).keyType == .ec256)
        #expect(try parse(["LEGO_RSA_KEYSIZE": "4096"]).keyType == .rsa4096)
        #expect(try parse(["LEGO_RSA_KEYSIZE": "4096", "LEGO_KEY_TYPE": "ec384"]).keyType == .ec384)
        for bad in ["abc", "511", "512", "1024"] {
            #expect(rejection(["LEGO_RSA_KEYSIZE": bad])?.subject == "LEGO_RSA_KEYSIZE")
        }
        #expect(rejection(["LEGO_KEY_TYPE": "ed25519"])?.subject == "LEGO_KEY_TYPE")
    }

    @Test("ranges: port, check interval, minimum validity, workers")
    func ranges() throws {
        #expect(rejection(["LEGO_PORT": "0"])?.subject == "LEGO_PORT")
        #expect(rejection(["LEGO_PORT": "65535"])?.subject == "LEGO_PORT")
        #expect(try parse(["LEGO_PORT": "65534"]).port == 65534)
        #expect(rejection(["LEGO_CHECK_INTERVAL": "4m"])?.subject == "LEGO_CHECK_INTERVAL")
        #expect(try parse(["LEGO_CHECK_INTERVAL": "5m"]).checkInterval == .seconds(300))
        #expect(rejection(["LEGO_MINIMUM_VALIDITY": "23h"])?.subject == "LEGO_MINIMUM_VALIDITY")
        #expect(try parse(["LEGO_MINIMUM_VALIDITY": "1h30m23h"]).minimumValidity == .seconds(90 * 60 + 23 * 3600))
        #expect(rejection(["LEGO_WORKERS": "0"])?.subject == "LEGO_WORKERS")
        #expect(try parse(["LEGO_METRICS_PORT": "0"]).metricsPort == nil)
        #expect(try parse(["LEGO_KUBE_QPS": "200", "LEGO_KUBE_BURST": "400"]).kubeQPS == 200)
        #expect(rejection(["LEGO_KUBE_QPS": "0"])?.subject == "LEGO_KUBE_QPS")
    }

    @Test("LEGO_METRICS_ADDRESS: 0.0.0.0 by default, any IPv4 or IPv6 literal, no host names")
    func metricsAddress() throws {
        #expect(try parse([:]).metricsAddress == "0.0.0.0")
        #expect(try parse(["LEGO_METRICS_ADDRESS": "127.0.0.1"]).metricsAddress == "127.0.0.1")
        #expect(try parse(["LEGO_METRICS_ADDRESS": "::"]).metricsAddress == "::")
        #expect(try parse(["LEGO_METRICS_ADDRESS": "[fd00::1]"]).metricsAddress == "fd00::1")
        for bad in ["localhost", "0.0.0.0:8081", "256.0.0.1", "metrics.example", "[::1]:8081"] {
            let error = rejection(["LEGO_METRICS_ADDRESS": bad])
            #expect(error?.subject == "LEGO_METRICS_ADDRESS", "\(bad)")
            #expect(error?.description.contains("an IP address to listen on") == true, "\(bad)")
        }
    }

    @Test("logging: LEGO_LOG_TYPE text or json only; LEGO_LOG_LEVEL names")
    func logging() throws {
        #expect(rejection(["LEGO_LOG_TYPE": "xml"])?.subject == "LEGO_LOG_TYPE")
        #expect(try parse(["LEGO_LOG_TYPE": "JSON"]).logFormat == .json)
        #expect(try parse(["LEGO_LOG_LEVEL": "WARN"]).logLevel == .warning)
        #expect(rejection(["LEGO_LOG_LEVEL": "loud"])?.subject == "LEGO_LOG_LEVEL")
    }

    @Test("classes and providers: trimmed, lowercased, defaults validated against the supported lists")
    func classes() throws {
        let config = try parse([
            "LEGO_SUPPORTED_INGRESS_CLASS": " Nginx-External , gce",
            "LEGO_DEFAULT_INGRESS_CLASS": "NGINX-EXTERNAL",
            "LEGO_DEFAULT_INGRESS_PROVIDER": "nginx",
        ])
        #expect(config.supportedClasses == ["nginx-external", "gce"])
        #expect(config.defaultClass == "nginx-external")
        #expect(config.defaultProvider == "nginx")
        #expect(rejection(["LEGO_DEFAULT_INGRESS_CLASS": "traefik"])?.subject == "LEGO_DEFAULT_INGRESS_CLASS")
        #expect(rejection(["LEGO_DEFAULT_INGRESS_PROVIDER": "traefik"])?.subject == "LEGO_DEFAULT_INGRESS_PROVIDER")
        #expect(rejection(["LEGO_SUPPORTED_INGRESS_PROVIDER": "nginx,haproxy"])?.subject == "LEGO_SUPPORTED_INGRESS_PROVIDER")
        #expect(try parse(["LEGO_DEFAULT_INGRESS_CLASS": "gce"]).defaultProvider == "gce")
    }

    @Test("external account binding: both or neither, HMAC key base64url, never printed")
    func externalAccountBinding() throws {
        let config = try parse(["LEGO_EAB_KID": "kid-1", "LEGO_EAB_HMAC_KEY": "c2VjcmV0"])
        #expect(config.externalAccountBinding?.keyID == "kid-1")
        #expect(config.externalAccountBinding?.hmacKey == Array("secret".utf8))
        #expect(config.externalAccountBinding?.description.contains("c2VjcmV0") == false)
        #expect(rejection(["LEGO_EAB_KID": "kid-1"])?.subject == "LEGO_EAB_HMAC_KEY")
        #expect(rejection(["LEGO_EAB_HMAC_KEY": "c2VjcmV0"])?.subject == "LEGO_EAB_KID")
        let error = rejection(["LEGO_EAB_KID": "k", "LEGO_EAB_HMAC_KEY": "!!!"])
        #expect(error?.description.contains("!!!") == false)
    }

    @Test("LEGO_NAMESPACE defaults to the pod's own namespace in a cluster, else default; the variable wins")
    func namespaceDefault() throws {
        let environment = base
        #expect(try Configuration.parse(environment: environment, providers: Self.providers).configuration.namespace == "default")
        #expect(try Configuration.parse(environment: environment, providers: Self.providers, podNamespace: "kube-lego").configuration.namespace == "kube-lego")
        let explicit = environment.merging(["LEGO_NAMESPACE": "ops"]) { $1 }
        #expect(try Configuration.parse(environment: explicit, providers: Self.providers, podNamespace: "kube-lego").configuration.namespace == "ops")
    }

    @Test("provider and class lists default to what the binary registered; the first registered is the default class")
    func registeredDefaults() throws {
        let custom = try Configuration.parse(environment: base, providers: ["traefik", "nginx"]).configuration
        #expect(custom.supportedProviders == ["traefik", "nginx"])
        #expect(custom.supportedClasses == ["traefik", "nginx"])
        #expect(custom.defaultClass == "traefik")
        #expect(custom.defaultProvider == "traefik")
        let settings = Configuration.coreSettings(providers: ["traefik", "nginx"])
        #expect(settings.first { $0.variable == "LEGO_SUPPORTED_INGRESS_PROVIDER" }?.defaultValue == "traefik,nginx")
        #expect(settings.first { $0.variable == "LEGO_DEFAULT_INGRESS_CLASS" }?.defaultValue == "traefik")
    }

    @Test("every core setting has a distinct variable and flag, and help text")
    func settingsTable() {
        let settings = Configuration.coreSettings(providers: Self.providers)
        #expect(Set(settings.map { $0.variable }).count == settings.count)
        #expect(Set(settings.map { $0.flag }).count == settings.count)
        #expect(settings.allSatisfy { !$0.help.isEmpty && $0.variable.hasPrefix("LEGO_") })
    }
}

@Suite("Go durations")
struct GoDurationTests {
    @Test(
        "parse",
        arguments: [
            ("8h", 8 * 3600.0), ("720h", 720 * 3600.0), ("5m", 300.0), ("1h30m", 5400.0), ("1.5h", 5400.0),
            ("300ms", 0.3), ("0", 0.0), ("2h45m0s", 9900.0), ("-1s", -1.0), (".5s", 0.5), ("1us", 0.000001),
        ]
    )
    func parse(text: String, seconds: Double) throws {
        let duration = try #require(GoDuration.parse(text))
        let (whole, atto) = duration.components
        #expect(abs(Double(whole) + Double(atto) / 1e18 - seconds) < 1e-9)
    }

    @Test("reject", arguments: ["", "8", "h", "1x", "1.2.3s", "1h 30m", "-", "abc"])
    func reject(text: String) {
        #expect(GoDuration.parse(text) == nil)
    }

    @Test("format like Go")
    func format() {
        #expect(GoDuration.format(.seconds(8 * 3600)) == "8h0m0s")
        #expect(GoDuration.format(.seconds(300)) == "5m0s")
        #expect(GoDuration.format(.seconds(30)) == "30s")
        #expect(GoDuration.format(.milliseconds(1500)) == "1.5s")
        #expect(GoDuration.format(.zero) == "0s")
    }
}
