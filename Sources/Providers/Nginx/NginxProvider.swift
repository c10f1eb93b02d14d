public import KubeLegoCore
import KubeLegoKube
import Logging

/// Routes HTTP-01 challenges through ingress-nginx (or any controller that merges Ingresses per host).
///
/// It keeps, in `LEGO_NAMESPACE`, a Service `LEGO_SERVICE_NAME_NGINX` (ClusterIP, port `LEGO_PORT`; with
/// leader election selector-less, its Endpoints naming the leader's `LEGO_POD_IP`, else selecting
/// `app=LEGO_SERVICE_SELECTOR`) and one challenge Ingress per ingress class that has hosts
/// needing a challenge: named `LEGO_INGRESS_NAME_NGINX` for `LEGO_DEFAULT_INGRESS_CLASS` and
/// `<LEGO_INGRESS_NAME_NGINX>-<class>` for any other class. Each routes `/.well-known/acme-challenge`
/// (pathType Prefix) of every such host to the Service, names its class the way the served Ingresses do
/// (`spec.ingressClassName`, or the `kubernetes.io/ingress.class` annotation), and turns redirects and
/// source whitelists off under both the `ingress.kubernetes.io/` and `nginx.ingress.kubernetes.io/` prefixes.
/// A class left without hosts loses its Ingress; no hosts at all removes the Service too.
///
/// Objects are written with their resourceVersion and retried on conflict. An object of those names without
/// kube-lego's managed marker is never modified: `expose` reports it as a Warning Event on the served Ingress
/// and throws `NginxProviderError` (`.notManaged`).
public actor NginxProvider: IngressProvider {
    /// "nginx".
    public nonisolated let name = "nginx"
    /// Two minutes: ingress-nginx may take that long to reload with a large configuration.
    public nonisolated let propagationTimeout: Duration = .seconds(120)

    let context: PluginContext
    /// The names of the challenge objects.
    let settings: NginxSettings
    /// The routes each served Ingress needs now.
    var routes: [ObjectReference: ChallengeRoutes] = [:]
    /// Write passes take turns: each reads `routes` when its turn comes, and the pass of the last change runs last.
    private let passes = GroupCommit()
    /// The challenge objects (ours) as last read or written, by "Kind/name": a write pass starts from them instead
    /// of reading each one, and skips an object already as wanted (a stale copy fails with 409 or 404 and is read
    /// again). Emptied by `reconcile(active:)`, which reads everything afresh: at start-up and in the periodic
    /// drift repair.
    var known: [String: JSONObject] = [:]
    /// The names of our challenge Ingresses that exist; nil when unknown (then they are listed).
    var challengeIngresses: Set<String>?

    /// A provider writing through `context.kube`, naming its objects as `settings` say.
    public init(context: PluginContext, settings: NginxSettings) {
        self.context = context
        self.settings = settings
    }

    /// A provider reading its settings from `context`.
    public init(context: PluginContext) {
        self.init(context: context, settings: NginxSettings(context.settings))
    }

    /// The provider as a binary registers it: "nginx", with its settings.
    public static let registration = ProviderRegistration("nginx", settings: NginxSettings.declarations) { context in
        NginxProvider(context: context)
    }

    /// The name of the challenge Ingress serving `ingressClass`.
    public nonisolated static func challengeIngressName(
        for ingressClass: String, settings: NginxSettings, configuration: Configuration
    ) -> String {
        ChallengeIngressSpec.name(base: settings.ingressName, ingressClass: ingressClass.lowercased(),
                                  defaultClass: configuration.defaultClass)
    }

    /// Adds the routes' hosts to the challenge Ingress of their class (replacing what this Ingress needed before).
    public func expose(_ routes: ChallengeRoutes) async throws {
        let entry = Self.normalized(routes)
        let previous = self.routes[routes.ingress]
        self.routes[routes.ingress] = entry.hosts.isEmpty ? nil : entry
        do {
            try await converge(servedIngress: routes.ingress)
        } catch {
            self.routes[routes.ingress] = previous
            try? await converge(servedIngress: nil)
            throw error
        }
    }

    /// Drops the Ingress's hosts; deletes challenge objects left with nothing to serve.
    public func withdraw(ingress: ObjectReference) async throws {
        routes[ingress] = nil
        try await converge(servedIngress: nil)
    }

    /// Makes the cluster hold exactly what `active` needs: also removes challenge Ingresses of classes that a
    /// previous instance left behind.
    public func reconcile(active: [ChallengeRoutes]) async throws {
        known = [:]
        challengeIngresses = nil
        routes = [:]
        for route in active.map(Self.normalized) where !route.hosts.isEmpty {
            routes[route.ingress] = route
        }
        try await converge(servedIngress: nil)
    }

    /// The routes with the class and hosts lowercased, hosts unique and sorted.
    private static func normalized(_ routes: ChallengeRoutes) -> ChallengeRoutes {
        var entry = routes
        entry.ingressClass = routes.ingressClass.lowercased()
        entry.hosts = Array(Set(routes.hosts.map { $0.lowercased() }.filter { !$0.isEmpty })).sorted()
        return entry
    }

    /// Writes the Service and the challenge Ingresses for `routes`, deleting what is no longer needed, as a group
    /// commit (`GroupCommit`: a burst of 100 Ingresses costs a handful of passes, not 200). `servedIngress` is the
    /// Ingress to tell (by Event) when an object is not ours.
    private func converge(servedIngress: ObjectReference?) async throws {
        try await passes.run { try await writePass(servedIngress: servedIngress) }
    }

    private func writePass(servedIngress: ObjectReference?) async throws {
        let configuration = context.configuration
        let specs = ChallengeIngressSpec.specs(for: routes.values)
        var wanted: Set<String> = []
        if !specs.isEmpty {
            try await ensureService(servedIngress: servedIngress)
        }
        for ingressClass in specs.keys.sorted() {
            guard let spec = specs[ingressClass] else { continue }
            let name = ChallengeIngressSpec.name(base: settings.ingressName, ingressClass: ingressClass,
                                                 defaultClass: configuration.defaultClass)
            wanted.insert(name)
            try await ensureIngress(named: name, spec: spec, servedIngress: servedIngress)
        }
        try await deleteChallengeIngresses(except: wanted)
        if specs.isEmpty {
            try await deleteService()
        }
    }
}
