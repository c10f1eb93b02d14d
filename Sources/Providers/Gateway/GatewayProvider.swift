public import KubeLegoCore
import KubeLegoKube
import Logging

/// Routes HTTP-01 challenges through the Gateway API, for certificates of annotated Gateways.
///
/// For each Gateway with orders in flight it keeps, in the Gateway's namespace, an HTTPRoute
/// `kube-lego-<gateway>` (managed marker) attached to the Gateway's HTTP listeners that carry the hosts, routing
/// `PathPrefix /.well-known/acme-challenge/` of those hosts to the challenge Service `LEGO_SERVICE_NAME_GATEWAY`
/// in `LEGO_NAMESPACE` (shaped like the nginx provider's: selector `app=LEGO_SERVICE_SELECTOR`, or with
/// leader election selector-less with Endpoints naming the leader). Routes from other namespaces may refer to
/// that Service through one ReferenceGrant of the same name beside it, listing exactly those namespaces.
/// A listener whose `allowedRoutes` refuses the route gets a Warning Event naming it; with no listener left,
/// `expose` throws `.noListener`. Objects without the managed marker are never modified. The HTTPRoute goes
/// when the Gateway's orders are done; the Service and grant go when no Gateway needs them.
public actor GatewayProvider: IngressProvider {
    /// "gateway".
    public nonisolated let name = IngressIntent.gatewayProvider
    /// Two minutes: Gateway implementations program data planes asynchronously (cloud load balancers take longest).
    public nonisolated let propagationTimeout: Duration = .seconds(120)

    let context: PluginContext
    let settings: GatewaySettings
    /// The routes each Gateway needs now, by Gateway.
    var routes: [ObjectReference: ChallengeRoutes] = [:]
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// A provider writing through `context.kube`, naming its objects as `settings` say.
    public init(context: PluginContext, settings: GatewaySettings) {
        self.context = context
        self.settings = settings
    }

    /// The provider as a binary registers it: "gateway", with its settings.
    public static let registration = ProviderRegistration(IngressIntent.gatewayProvider, settings: GatewaySettings.declarations) { context in
        GatewayProvider(context: context, settings: GatewaySettings(context.settings))
    }

    /// Writes the Service (and grant), then the Gateway's challenge HTTPRoute for `routes.hosts`.
    public func expose(_ routes: ChallengeRoutes) async throws {
        try await exclusively {
            self.routes[routes.ingress] = routes
            do {
                try await ensureShared(regarding: routes.source)
                try await ensureRoute(routes)
            } catch {
                // Nothing half-exposed stays: shared objects no other Gateway needs go again.
                self.routes[routes.ingress] = nil
                try? await ensureShared(regarding: nil)
                throw error
            }
        }
    }

    /// Removes the Gateway's challenge HTTPRoute; the Service and grant too when no Gateway needs them.
    public func withdraw(ingress gateway: ObjectReference) async throws {
        try await exclusively {
            routes[gateway] = nil
            try await deleteRoute(of: gateway)
            try await ensureShared(regarding: nil)
        }
    }

    /// Makes the cluster hold exactly what `active` needs: removes challenge HTTPRoutes an earlier run left.
    public func reconcile(active: [ChallengeRoutes]) async throws {
        try await exclusively {
            routes = Dictionary(active.map { ($0.ingress, $0) }, uniquingKeysWith: { $1 })
            for leftover in try await listManagedRoutes() where routes[leftover] == nil {
                try await deleteRoute(of: leftover)
            }
            for route in routes.values.sorted(by: { $0.ingress < $1.ingress }) {
                try await ensureRoute(route)
            }
            try await ensureShared(regarding: nil)
        }
    }

    /// Runs `body` when no other write pass runs: passes never interleave at their `await`s.
    private func exclusively(_ body: () async throws -> Void) async throws {
        while busy { await withCheckedContinuation { waiting.append($0) } }
        busy = true
        defer {
            busy = false
            if !waiting.isEmpty { waiting.removeFirst().resume() }
        }
        try await body()
    }

    /// The namespaces of Gateways with routes, other than `LEGO_NAMESPACE`: what the ReferenceGrant lists.
    var grantedNamespaces: [String] {
        Set(routes.keys.map(\.namespace)).subtracting([context.configuration.namespace]).sorted()
    }
}
