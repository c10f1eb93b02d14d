public import Foundation
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
    /// The running providers, by name.
    public var providers: [String: any IngressProvider]
    /// The solvers to offer the CA for an Ingress of `ingressClass` served by `provider`, in order of
    /// preference. HTTP-01 ships
    /// first; a DNS-01 or TLS-ALPN-01 solver plugs in here without changing Core.
    public var solvers: @Sendable (_ provider: any IngressProvider, _ ingressClass: String) -> [any ChallengeSolver]
    /// Where Events go.
    public var events: any EventSink
    /// The ACME account.
    public var accounts: AccountStore
    /// Writes certificate Secrets.
    public var secrets: CertificateSecretWriter
    /// Durable back-off per certificate.
    public var ledger: AttemptLedger
    /// Metrics.
    public var metrics: ControllerMetrics
    /// The wall clock.
    public var now: @Sendable () -> Date
    /// The logger.
    public var logger: Logger

    /// Makes an environment.
    public init(
        configuration: Configuration, kube: KubeClient, acme: ACMEClient, providers: [String: any IngressProvider],
        solvers: @escaping @Sendable (_ provider: any IngressProvider, _ ingressClass: String) -> [any ChallengeSolver], events: any EventSink,
        accounts: AccountStore, secrets: CertificateSecretWriter, ledger: AttemptLedger,
        metrics: ControllerMetrics = ControllerMetrics(), now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.configuration = configuration
        self.kube = kube
        self.acme = acme
        self.providers = providers
        self.solvers = solvers
        self.events = events
        self.accounts = accounts
        self.secrets = secrets
        self.ledger = ledger
        self.metrics = metrics
        self.now = now
        self.logger = logger
    }
}
