public import KubeLegoCore
import KubeLegoKube

/// Routes HTTP-01 challenges through Traefik's Kubernetes Ingress provider.
///
/// It keeps, in `LEGO_NAMESPACE`, a Service `LEGO_TRAEFIK_NAME` (selector `app=LEGO_SERVICE_SELECTOR`, port
/// `LEGO_PORT`) and one challenge Ingress per served class (`LEGO_TRAEFIK_NAME` for the default class,
/// `<name>-<class>` otherwise) routing `/.well-known/acme-challenge` (Prefix) of every host being validated to
/// that Service, with router priority `LEGO_TRAEFIK_ROUTER_PRIORITY` so the path wins over the user's routes.
/// Objects without kube-lego's managed marker are never modified: `expose` emits a Warning Event on the served
/// Ingress and throws. A class left without hosts loses its Ingress; no hosts at all removes the Service.
public actor TraefikProvider: IngressProvider {
    /// "traefik".
    public nonisolated let name = "traefik"
    /// Traefik applies Ingress changes within seconds of the watch event; a minute leaves room for a busy cluster.
    public nonisolated let propagationTimeout: Duration = .seconds(60)

    let context: PluginContext
    let settings: TraefikSettings
    private var routes: [ObjectReference: ChallengeRoutes] = [:]
    /// Changes asked for, and the change the cluster reflects: writes run one at a time, each covering every
    /// change made before it started.
    private var requested = 0
    private var written = 0
    private var writing = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// A provider writing through `context.kube` with `settings`.
    public init(context: PluginContext, settings: TraefikSettings) {
        self.context = context
        self.settings = settings
    }

    /// The provider as a binary registers it: "traefik", with its settings.
    public static let registration = ProviderRegistration("traefik", settings: TraefikSettings.declarations) { context in
        TraefikProvider(context: context, settings: try TraefikSettings(context.settings))
    }

    public func expose(_ routes: ChallengeRoutes) async throws {
        var entry = routes
        entry.ingressClass = routes.ingressClass.lowercased()
        entry.hosts = Array(Set(routes.hosts.map { $0.lowercased() })).sorted()
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

    public func withdraw(ingress: ObjectReference) async throws {
        routes[ingress] = nil
        try await converge(servedIngress: nil)
    }

    public func reconcile(active: [ChallengeRoutes]) async throws {
        routes = [:]
        for route in active where !route.hosts.isEmpty {
            var entry = route
            entry.ingressClass = route.ingressClass.lowercased()
            routes[route.ingress] = entry
        }
        try await converge(servedIngress: nil)
    }

    /// Writes the current routes, one pass at a time; returns once a pass that started after this call's change
    /// has succeeded (a failed pass is retried by the next caller in line, which then sees its own error).
    private func converge(servedIngress: ObjectReference?) async throws {
        requested += 1
        let mine = requested
        while written < mine {
            if writing {
                await withCheckedContinuation { waiting.append($0) }
                continue
            }
            writing = true
            let covering = requested
            defer {
                writing = false
                let resumed = waiting
                waiting.removeAll()
                for waiter in resumed { waiter.resume() }
            }
            try await writePass(TraefikChallengeIngress.specs(for: routes.values), servedIngress: servedIngress)
            written = covering
        }
    }
}
