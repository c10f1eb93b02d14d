public import KubeLegoCore
import KubeLegoKube
import Logging

/// Routes HTTP-01 challenges through GCE's L7 load balancer (GLBC), which makes one URL map per Ingress and
/// cannot merge rules across Ingresses: the challenge path is added to the user's own Ingress, pointing at a
/// selector-less NodePort Service in the same namespace whose Endpoints are this pod.
///
/// Every change is level-based and idempotent: `expose` and `withdraw` re-read the objects and write only
/// differences (with resourceVersion, retrying conflicts); `reconcile` repairs everything from scratch. Work on
/// one namespace is serialised, so a `withdraw` never deletes a Service that a concurrent `expose` needs.
///
/// With `LEGO_GCE_KEEP_CHALLENGE_PATHS` (default true) `withdraw` leaves the paths in place so renewals need
/// no URL-map change; `reconcile` removes them once the Ingress is no longer served (annotation gone, other
/// provider, host no longer in `spec.tls`, Ingress deleted).
public actor GCEProvider: IngressProvider {
    /// "gce".
    public nonisolated let name = "gce"
    /// `LEGO_GCE_PROPAGATION_TIMEOUT`: URL-map changes and backend health checks take minutes on GCE.
    public nonisolated let propagationTimeout: Duration

    let context: ProviderContext
    let paths: GCEChallengePaths
    let backend: GCEChallengeBackend
    let keepChallengePaths: Bool
    var logger: Logger
    /// Namespaces with work in progress, and the calls waiting for each.
    var namespaceWaiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Makes the provider from the controller's context.
    public init(context: ProviderContext) {
        let configuration = context.configuration
        self.context = context
        propagationTimeout = configuration.gcePropagationTimeout
        paths = GCEChallengePaths(serviceName: configuration.gceServiceName, port: configuration.port)
        backend = GCEChallengeBackend(name: configuration.gceServiceName, port: configuration.port, podIP: configuration.podIP)
        keepChallengePaths = configuration.gceKeepChallengePaths
        var logger = context.logger
        logger[metadataKey: "provider"] = "gce"
        self.logger = logger
    }

    /// Adds the provider to `registry` under "gce".
    public static func register(in registry: inout ProviderRegistry) {
        registry.register("gce") { context in GCEProvider(context: context) }
    }

    /// Makes sure the challenge Service and Endpoints exist in the Ingress's namespace, then puts the challenge
    /// path first in the rule of each of `routes.hosts` (keeping challenge paths of other hosts still in
    /// `spec.tls`, removing those of hosts that left it).
    public func expose(_ routes: ChallengeRoutes) async throws {
        let reference = routes.ingress
        try await withNamespace(reference.namespace) {
            try await ensureBackend(namespace: reference.namespace, regarding: reference)
            let wanted = Set(routes.hosts.map { $0.lowercased() })
            let paths = self.paths
            let edited = try await editRules(of: reference) { ingress in
                wanted.union(paths.hostsWithChallengePath(ingress.rules).intersection(Self.tlsHosts(ingress)))
            }
            if edited == nil {
                throw GCEProviderError(.kubernetes, "the Ingress does not exist", object: "Ingress \(reference)")
            }
            logger.debug("challenge paths exposed", metadata: [
                "ingress.namespace": "\(reference.namespace)", "ingress.name": "\(reference.name)",
                "gce.hosts": "\(wanted.sorted().joined(separator: ","))",
            ])
        }
    }

    /// Removes the Ingress's challenge paths (unless they are kept between renewals) and the namespace's
    /// challenge Service and Endpoints once no Ingress there routes to them.
    public func withdraw(ingress reference: ObjectReference) async throws {
        try await withNamespace(reference.namespace) {
            if !keepChallengePaths {
                _ = try await editRules(of: reference) { _ in [] }
            }
            try await releaseBackendIfUnused(namespace: reference.namespace)
        }
    }

    /// Makes the cluster match `active`: challenge paths only where an Ingress needs them (or, when kept, is
    /// still served), Service and Endpoints only in namespaces with such paths, every managed Endpoints
    /// pointing at this pod's current IP and port.
    public func reconcile(active: [ChallengeRoutes]) async throws {
        var activeHosts: [ObjectReference: Set<String>] = [:]
        for routes in active {
            activeHosts[routes.ingress, default: []].formUnion(routes.hosts.map { $0.lowercased() })
        }
        let namespaces = try await namespacesToReconcile(active: activeHosts)
        for namespace in namespaces.sorted() {
            try Task.checkCancellation()
            try await withNamespace(namespace) {
                try await reconcileNamespace(namespace, activeHosts: activeHosts)
            }
        }
    }
}
