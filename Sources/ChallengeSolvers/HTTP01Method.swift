public import KubeLegoACME
public import KubeLegoCore
public import KubeLegoHTTP
public import Logging

/// HTTP-01 as Core sees it: before the orders of an Ingress, asks the Ingress's provider to route
/// `/.well-known/acme-challenge/` of the hosts to the responder; offers the CA an `HTTP01Solver` whose
/// self-check waits up to the provider's propagation time; withdraws the routes afterwards.
public struct HTTP01Method: ChallengeMethod {
    /// "http-01".
    public var name: String { Self.name }
    /// The name the annotation and `LEGO_DEFAULT_CHALLENGE` use.
    public static let name = "http-01"

    private let responder: HTTP01Responder
    private let client: HTTPClient
    private let settings: HTTP01Settings
    private let events: any EventSink
    private let logger: Logger

    /// Makes the method over `responder`, self-checking with `client`.
    public init(responder: HTTP01Responder, client: HTTPClient, settings: HTTP01Settings, events: any EventSink, logger: Logger) {
        self.responder = responder
        self.client = client
        self.settings = settings
        self.events = events
        self.logger = logger
    }

    /// The registration of the method on `responder`: its settings, and a factory reading them.
    public static func registration(responder: HTTP01Responder, client: HTTPClient) -> ChallengeMethodRegistration {
        ChallengeMethodRegistration(name, settings: HTTP01Settings.declarations) { context in
            HTTP01Method(responder: responder, client: client, settings: try HTTP01Settings(context.settings),
                         events: context.events, logger: context.logger)
        }
    }

    /// Any host but a wildcard: the CA validates `*.example.com` only through DNS-01.
    public func canValidate(host: String) -> Bool { !host.contains("*") }

    /// Exposes the routes through the provider; announces a slow provider on the Ingress.
    public func prepare(_ target: ChallengeTarget) async throws -> [any ChallengeSolver] {
        let provider = target.provider
        let routes = target.routes
        do {
            try await provider.expose(routes)
        } catch {
            throw CoreError(.provider, "\(provider.name): \(error)", subject: "\(routes.source)")
        }
        if provider.propagationTimeout > .seconds(300) {
            await events.emit(.about(
                routes.source, .normal, "WaitingForRoute",
                "challenge paths for \(routes.hosts.joined(separator: ", ")) written; \(provider.name) may take up to "
                    + "\(GoDuration.format(provider.propagationTimeout)) to route them; the CA is asked only once they answer"))
        }
        var backoff = settings.backoff
        backoff.maxElapsedTime = max(backoff.maxElapsedTime, provider.propagationTimeout)
        let selfCheck = SelfCheck.Configuration(
            enabled: settings.selfCheck, address: settings.selfCheckAddress(for: routes.ingressClass), backoff: backoff,
            requiredPasses: settings.selfCheckPasses, passInterval: settings.selfCheckPassInterval)
        return [HTTP01Solver(responder: responder, client: client, selfCheck: selfCheck, logger: logger)]
    }

    /// Withdraws the routes; a failure is logged (the periodic drift repair removes what is left).
    public func finish(_ target: ChallengeTarget) async {
        do {
            try await target.provider.withdraw(ingress: target.routes.ingress)
        } catch {
            logger.warning("could not withdraw challenge routes", metadata: [
                "ingress.namespace": "\(target.routes.ingress.namespace)", "ingress.name": "\(target.routes.ingress.name)",
                "error": "\(error)",
            ])
        }
    }
}
