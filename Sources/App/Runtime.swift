import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoACME
import KubeLegoBasics
import KubeLegoChallengeSolvers
import KubeLegoCore
import KubeLegoHTTP
import KubeLegoKube
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals

/// The composition root of `kube-lego run`: validates every setting (exit code 2 on the first bad one, before
/// any network traffic), bootstraps logging and metrics, makes the clients, the responder, the providers and
/// challenge methods, and runs them all as services until SIGTERM.
struct Runtime {
    let plugins: Plugins
    let settings: SettingValues
    /// How long SIGTERM may take before in-flight work is cancelled: below the Deployment's
    /// `terminationGracePeriodSeconds` (30), leaving time for cancellation before the kubelet's SIGKILL.
    static let maximumGracefulShutdown: Duration = .seconds(20)

    func run() async throws {
        let configuration: Configuration
        do {
            configuration = try Configuration.parse(settings, providers: plugins.providers.names, podNamespace: Self.podNamespace())
        } catch {
            StandardError.write("kube-lego: \(error)\n")
            throw ExitCode(2)
        }
        LoggingSetup.bootstrap(format: configuration.logFormat.rawValue, level: Logger.Level(configuration.logLevel))
        let logger = Logger(label: "kube-lego")
        let prometheus = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: prometheus))
        logger.info("kube-lego \(KubeLegoVersion.current) starting")
        for warning in settings.warnings { logger.warning("\(warning)") }
        if let warning = settings.value("LEGO_URL").flatMap(Configuration.retiredDirectoryWarning) { logger.warning("\(warning)") }
        do {
            let services = try await makeServices(configuration, prometheus: prometheus, logger: logger)
            var groupConfiguration = ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            // Within the pod's 30 s termination grace: orders still running after 20 s are cancelled (each is in
            // the order journal, so the next start finishes it instead of ordering again).
            groupConfiguration.maximumGracefulShutdownDuration = Self.maximumGracefulShutdown
            let group = ServiceGroup(configuration: groupConfiguration)
            try await group.run()
            logger.info("exiting")
        } catch let error as CoreError where error.code == .invalidSetting {
            logger.critical("\(error)")
            throw ExitCode(2)
        } catch {
            logger.critical("\(error)")
            throw ExitCode.failure
        }
    }

    private func makeServices(
        _ configuration: Configuration, prometheus: PrometheusCollectorRegistry, logger: Logger
    ) async throws -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let connection = try ConnectionSettings.resolve(environment: settings.environment)
        connection.logSecurityWarnings(to: logger)
        let kube = try KubeClient(
            settings: connection,
            options: KubeClientOptions(version: KubeLegoVersion.current, qps: configuration.kubeQPS, burst: configuration.kubeBurst),
            logger: logger)
        var acmeConfiguration = ACMEClientConfiguration()
        acmeConfiguration.requestObserver = ControllerMetrics.acmeRequestObserver
        let acme = ACMEClient(
            directoryURL: configuration.acmeDirectoryURL, httpClient: try Self.acmeHTTPClient(configuration, logger: logger),
            logger: logger, configuration: acmeConfiguration)
        let responder = HTTP01Responder(port: configuration.port, version: KubeLegoVersion.current, ready: false, logger: logger)
        var selfCheckHTTP = HTTPClientConfiguration()
        selfCheckHTTP.userAgent = "kube-lego/\(KubeLegoVersion.current) self-check"
        selfCheckHTTP.useEnvironmentProxy = false
        let selfCheckClient = try HTTPClient(configuration: selfCheckHTTP, logger: logger)

        let events = KubeEventRecorder(kube: kube, logger: logger)
        let context = PluginContext(kube: kube, configuration: configuration, settings: settings, events: events, logger: logger)
        var plugins = Plugins()
        plugins.register(HTTP01Method.registration(responder: responder, client: selfCheckClient))
        for method in self.plugins.challengeMethods { plugins.register(method) }
        let methods = try plugins.makeChallengeMethods(context: context)
        var providers = try self.plugins.providers.make(configuration.supportedProviders, context: context)
        if !configuration.gatewayClasses.isEmpty {
            let forGateways = try self.plugins.gatewayProviders.make(self.plugins.gatewayProviders.names, context: context)
            providers.merge(forGateways) { ingressProvider, _ in ingressProvider }
        }
        guard methods[configuration.defaultChallenge] != nil else {
            throw CoreError(
                .invalidSetting, "challenge method \(configuration.defaultChallenge) is not configured (configured: "
                    + "\(methods.keys.sorted().joined(separator: ", ")))", subject: "LEGO_DEFAULT_CHALLENGE")
        }

        let version = try await kube.serverVersion()
        logger.info("connected to kubernetes api", metadata: [
            "version": "\(version.gitVersion)", "providers": "\(providers.keys.sorted().joined(separator: ","))",
            "challenge_methods": "\(methods.keys.sorted().joined(separator: ","))",
        ])
        let controller = Controller(
            environment: ControllerEnvironment(
                configuration: configuration, kube: kube, acme: acme, providers: providers, methods: methods, events: events,
                accounts: AccountStore(kube: kube, acme: acme, configuration: configuration, logger: logger),
                secrets: CertificateSecretWriter(kube: kube, configuration: configuration, logger: logger),
                ledger: AttemptLedger(kube: kube, configuration: configuration, logger: logger),
                logger: logger),
            onSynced: { responder.setReady(true) })

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: responder), .init(service: controller),
        ]
        if let port = configuration.metricsPort {
            services.append(.init(service: MetricsServer(host: configuration.metricsAddress, port: port, registry: prometheus, logger: logger)))
        }
        return services
    }

    /// The HTTP client for the CA: kube-lego's User-Agent, and the extra CAs of `LEGO_CA_CERTIFICATES`.
    private static func acmeHTTPClient(_ configuration: Configuration, logger: Logger) throws -> HTTPClient {
        var acmeHTTP = HTTPClientConfiguration()
        acmeHTTP.userAgent = "kube-lego/\(KubeLegoVersion.current)"
        if !configuration.extraCACertificateFiles.isEmpty {
            acmeHTTP.trust = .pem(try readBundle(configuration.extraCACertificateFiles), replacingSystem: false)
        }
        return try HTTPClient(configuration: acmeHTTP, logger: logger)
    }

    /// The extra CA files joined into one PEM bundle; a file that cannot be read stops start-up.
    private static func readBundle(_ files: [String]) throws -> String {
        try files.map { file in
            do {
                return try FileContents.text(atPath: file)
            } catch {
                throw CoreError(.invalidSetting, "cannot read \(error)", subject: "LEGO_CA_CERTIFICATES")
            }
        }.joined(separator: "\n")
    }

    /// The pod's own namespace when running in a cluster (the service account's namespace file), else nil.
    static func podNamespace() -> String? {
        let path = ConnectionSettings.serviceAccountDirectory + "/namespace"
        guard let text = try? FileContents.text(atPath: path) else { return nil }
        let namespace = text.trimmed()
        return namespace.isEmpty ? nil : namespace
    }
}

extension Logger.Level {
    /// The swift-log level for a configured level.
    init(_ level: LogLevel) {
        switch level {
        case .trace: self = .trace
        case .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }
}
