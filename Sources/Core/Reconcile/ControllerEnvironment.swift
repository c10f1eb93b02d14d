#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import KubeLegoACME
public import KubeLegoKube
public import Logging

/// Everything the controller works with, made once by the executable (or a test) and shared by all workers.
public struct ControllerEnvironment: Sendable {
    /// The configuration.
    public var configuration: Configuration
    /// The Kubernetes API client.
    public var kube: KubeClient
    /// The ACME client for LEGO_URL.
    public var acme: ACMEClient
    /// The running providers, by name, each behind a `RouteKeeper` that remembers the routes in use.
    var keepers: [String: RouteKeeper]
    /// The configured challenge methods, by name (HTTP-01 ships first; DNS-01 and TLS-ALPN-01 plug in here
    /// without changing Core).
    public var methods: [String: any ChallengeMethod]
    /// Where Events go.
    public var events: any EventSink
    /// The ACME account.
    public var accounts: AccountStore
    /// Writes certificate Secrets.
    public var secrets: CertificateSecretWriter
    /// Durable back-off per certificate.
    public var ledger: AttemptLedger
    /// The orders in flight (in LEGO_NAMESPACE), one cached, group-committed journal for every worker.
    public var journal: OrderJournal
    /// Metrics.
    public var metrics: ControllerMetrics
    /// The wall clock.
    public var now: @Sendable () -> Date
    /// The logger.
    public var logger: Logger

    /// The running providers, by name.
    public var providers: [String: any IngressProvider] { keepers.mapValues { $0 } }

    /// Makes an environment.
    public init(
        configuration: Configuration, kube: KubeClient, acme: ACMEClient, providers: [String: any IngressProvider],
        methods: [String: any ChallengeMethod], events: any EventSink,
        accounts: AccountStore, secrets: CertificateSecretWriter, ledger: AttemptLedger,
        metrics: ControllerMetrics = ControllerMetrics(), now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.configuration = configuration
        self.kube = kube
        self.acme = acme
        self.keepers = providers.mapValues { RouteKeeper($0) }
        self.methods = methods
        self.events = events
        self.accounts = accounts
        self.secrets = secrets
        self.ledger = ledger
        self.journal = OrderJournal(kube: kube, namespace: configuration.namespace, logger: logger, soleWriter: true)
        self.metrics = metrics
        self.now = now
        self.logger = logger
    }
}
