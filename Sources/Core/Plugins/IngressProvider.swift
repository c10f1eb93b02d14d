/// The hosts of one Ingress whose `/.well-known/acme-challenge/` path must reach kube-lego's responder.
public struct ChallengeRoutes: Sendable, Hashable {
    /// The Ingress being served (a Gateway when `kind` says so: only a Gateway provider is given those).
    public var ingress: ObjectReference
    /// Ingress or Gateway.
    public var kind: SourceKind
    /// Its resolved ingress class (lowercased).
    public var ingressClass: String
    /// True when the user named the class with the `kubernetes.io/ingress.class` annotation rather than
    /// `spec.ingressClassName`; challenge objects name it the same way.
    public var classFromAnnotation: Bool
    /// The hosts that need the route, lowercased.
    public var hosts: [String]

    /// The served object with its kind.
    public var source: SourceKey { SourceKey(kind, ingress) }

    /// Makes routes.
    public init(
        ingress: ObjectReference, ingressClass: String, classFromAnnotation: Bool, hosts: [String], kind: SourceKind = .ingress
    ) {
        self.ingress = ingress
        self.kind = kind
        self.ingressClass = ingressClass
        self.classFromAnnotation = classFromAnnotation
        self.hosts = hosts
    }
}

/// Routes ACME HTTP-01 challenge requests for an ingress controller (the shipped providers, or a third party's).
///
/// The HTTP-01 challenge method calls `expose` and `withdraw` around the orders of an Ingress; Core calls
/// `reconcile`; every call must be idempotent and safe against concurrent
/// writers (resourceVersion, retry on conflict), and must never modify an object that lacks kube-lego's
/// managed marker, except the path rules a provider is documented to add to a user's Ingress.
public protocol IngressProvider: Sendable {
    /// The provider's name, as `LEGO_SUPPORTED_INGRESS_PROVIDER` and `kubernetes.io/ingress.provider` name it.
    var name: String { get }
    /// How long a route may take to start answering after `expose` returns; the self-check waits up to this.
    var propagationTimeout: Duration { get }
    /// Makes the challenge path of `routes.hosts` reach the responder. Returns once the objects are written,
    /// not once traffic flows (the self-check proves that).
    func expose(_ routes: ChallengeRoutes) async throws
    /// Removes what `expose` added for this Ingress. An Ingress that no longer exists is not an error.
    func withdraw(ingress: ObjectReference) async throws
    /// Brings the cluster to exactly `active`: removes leftovers of Ingresses no longer served and repairs drift,
    /// such as Endpoints pointing at an old pod IP. Core calls it at start-up with no routes (nothing is being
    /// issued yet) and on every periodic check (`LEGO_CHECK_INTERVAL`) with the routes of orders in flight;
    /// no `expose` or `withdraw` runs at the same time.
    func reconcile(active: [ChallengeRoutes]) async throws
}
