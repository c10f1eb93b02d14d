import ArgumentParser
import Foundation
import KubeLegoACME
import KubeLegoChallengeSolvers
import KubeLegoCore
import KubeLegoGCE
import KubeLegoHTTP
import KubeLegoKube
import KubeLegoNginx
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals

extension RunCommand {
    /// The providers compiled into this binary. A third party's provider is one more `register` line.
    static var registry: ProviderRegistry {
        var registry = ProviderRegistry()
        NginxProvider.register(in: &registry)
        GCEProvider.register(in: &registry)
        return registry
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment.merging(flagValues) { $1 }
        let configuration: Configuration
        let warnings: [String]
        do {
            (configuration, warnings) = try Configuration.parse(environment: environment, knownProviders: Self.registry.names)
        } catch {
            FileHandle.standardError.write(Data("kube-lego: \(error)\n".utf8))
            throw ExitCode(2)
        }
        LoggingSetup.bootstrap(format: configuration.logFormat.rawValue, level: Logger.Level(configuration.logLevel))
        let logger = Logger(label: "kube-lego")
        let prometheus = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: prometheus))
        logger.info("kube-lego \(KubeLegoVersion.current) starting")
        for warning in warnings { logger.warning("\(warning)") }
        do {
            let services = try await makeServices(configuration, environment: environment, prometheus: prometheus, logger: logger)
            let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
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
        _ configuration: Configuration, environment: [String: String], prometheus: PrometheusCollectorRegistry, logger: Logger
    ) async throws -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let kube = try KubeClient(
            settings: ConnectionSettings.resolve(environment: environment),
            options: KubeClientOptions(version: KubeLegoVersion.current, qps: configuration.kubeQPS, burst: configuration.kubeBurst),
            logger: logger)
        let version = try await kube.serverVersion()
        logger.info("connected to kubernetes api", metadata: ["version": "\(version.gitVersion)"])

        var acmeHTTP = HTTPClientConfiguration()
        acmeHTTP.userAgent = "kube-lego/\(KubeLegoVersion.current)"
        if !configuration.extraCACertificateFiles.isEmpty {
            acmeHTTP.trust = .pem(try Self.readBundle(configuration.extraCACertificateFiles), replacingSystem: false)
        }
        var acmeConfiguration = ACMEClientConfiguration()
        acmeConfiguration.requestObserver = ControllerMetrics.acmeRequestObserver
        let acme = ACMEClient(
            directoryURL: configuration.acmeDirectoryURL, httpClient: try HTTPClient(configuration: acmeHTTP, logger: logger),
            logger: logger, configuration: acmeConfiguration)

        let responder = HTTP01Responder(port: configuration.port, version: KubeLegoVersion.current, ready: false, logger: logger)
        var selfCheckHTTP = HTTPClientConfiguration()
        selfCheckHTTP.userAgent = "kube-lego/\(KubeLegoVersion.current) self-check"
        selfCheckHTTP.useEnvironmentProxy = false
        let selfCheckClient = try HTTPClient(configuration: selfCheckHTTP, logger: logger)
        let solvers: @Sendable (any IngressProvider, String) -> [any ChallengeSolver] = { provider, ingressClass in
            let backoff = ExponentialBackoff(
                initialInterval: configuration.backoff.initialInterval, multiplier: configuration.backoff.multiplier,
                maxElapsedTime: max(configuration.backoff.maxElapsedTime, provider.propagationTimeout))
            let selfCheck = SelfCheck.Configuration(enabled: configuration.selfCheck, address: configuration.selfCheckAddress(for: ingressClass), backoff: backoff)
            return [HTTP01Solver(responder: responder, client: selfCheckClient, selfCheck: selfCheck, logger: logger)]
        }

        let events = KubeEventRecorder(kube: kube, logger: logger)
        let context = ProviderContext(kube: kube, configuration: configuration, events: events, logger: logger)
        let controller = Controller(
            environment: ControllerEnvironment(
                configuration: configuration, kube: kube, acme: acme,
                providers: try Self.registry.make(configuration.supportedProviders, context: context),
                solvers: solvers, events: events,
                accounts: AccountStore(kube: kube, acme: acme, configuration: configuration, logger: logger),
                secrets: CertificateSecretWriter(kube: kube, configuration: configuration, logger: logger),
                ledger: AttemptLedger(kube: kube, configuration: configuration, logger: logger),
                logger: logger),
            onSynced: { responder.setReady(true) })

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: responder), .init(service: controller),
        ]
        if let port = configuration.metricsPort {
            services.append(.init(service: MetricsServer(host: "0.0.0.0", port: port, registry: prometheus, logger: logger)))
        }
        return services
    }

    /// The extra CA files joined into one PEM bundle; a file that cannot be read stops start-up.
    private static func readBundle(_ files: [String]) throws -> String {
        try files.map { file in
            do {
                return try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw CoreError(.invalidSetting, "cannot read \(file): \(error.localizedDescription)", subject: "LEGO_CA_CERTIFICATES")
            }
        }.joined(separator: "\n")
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
