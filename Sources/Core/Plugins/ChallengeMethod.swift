public import KubeLegoACME

/// The certificates of one Ingress that chose a challenge method, as Core hands them over for one round of
/// orders.
public struct ChallengeTarget: Sendable {
    /// The Ingress, its class and the union of the hosts being ordered.
    public var routes: ChallengeRoutes
    /// The provider that serves the Ingress's class. A method that needs no route (DNS-01) never calls it.
    public var provider: any IngressProvider

    /// Makes a target.
    public init(routes: ChallengeRoutes, provider: any IngressProvider) {
        self.routes = routes
        self.provider = provider
    }
}

/// A way of proving control of hosts to the CA (HTTP-01, DNS-01, TLS-ALPN-01), as Core sees it: chosen per TLS
/// entry, it prepares what it needs (HTTP-01 asks the Ingress's provider for routes; DNS-01 talks to DNS and
/// touches no provider) and gives the ACME client the `ChallengeSolver`s that answer the challenges.
///
/// Core calls `prepare` once per Ingress and method before ordering, then orders every certificate of that
/// round with the solvers it returned, then ALWAYS calls `finish`, whatever happened.
public protocol ChallengeMethod: Sendable {
    /// The method's name, as the `kube-lego.io/challenge` annotation and `LEGO_DEFAULT_CHALLENGE` name it,
    /// e.g. "http-01".
    var name: String { get }
    /// True when this method can prove control of `host` (HTTP-01 cannot prove a wildcard `*.example.com`).
    func canValidate(host: String) -> Bool
    /// Makes the answers reachable for `target` (routes, credentials) and returns the solvers to offer the CA,
    /// in order of preference. A throw fails every certificate of the round, with no CA validation spent.
    func prepare(_ target: ChallengeTarget) async throws -> [any ChallengeSolver]
    /// Undoes what `prepare` did. Never throws: failures are logged by the method.
    func finish(_ target: ChallengeTarget) async
}
