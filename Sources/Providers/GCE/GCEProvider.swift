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
/// By default `withdraw` removes the paths again, restoring the user's Ingress exactly. With
/// `LEGO_GCE_KEEP_CHALLENGE_PATHS=true` it leaves them so renewals need no URL-map change, and `reconcile`
/// removes them once the Ingress is no longer served (annotation gone, other provider, host no longer in
/// `spec.tls`, Ingress deleted); the conformance checks 3-5 then do not hold, by design.
public actor GCEProvider: IngressProvider {
    /// "gce".
    public nonisolated let name = "gce"
    /// `LEGO_GCE_PROPAGATION_TIMEOUT`: URL-map changes and backend health checks take minutes on GCE.
    public nonisolated let propagationTimeout: Duration

    let context: PluginContext
    let paths: GCEChallengePaths
    let backend: GCEChallengeBackend
    let keepChallengePaths: Bool
    var logger: Logger
    /// Namespaces with work in progress, and the calls waiting for each.
    var namespaceWaiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Makes the provider from the controller's context and its own settings.
    public init(context: PluginContext, settings: GCESettings) {
        let configuration = context.configuration
        self.context = context
        propagationTimeout = settings.propagationTimeout
        paths = GCEChallengePaths(serviceName: settings.serviceName, port: configuration.port)
        backend = GCEChallengeBackend(name: settings.serviceName, port: configuration.port, podIP: configuration.podIP)
        keepChallengePaths = settings.keepChallengePaths
        var logger = context.logger
        logger[metadataKey: "provider"] = "gce"
        self.logger = logger
    }

    /// Makes the provider, reading its settings from `context`; throws `CoreError.invalidSetting` for a bad one.
    public init(context: PluginContext) throws(CoreError) {
        self.init(context: context, settings: try GCESettings(context.settings))
    }

    /// The provider as a binary registers it: "gce", with its settings.
    public static let registration = ProviderRegistration("gce", settings: GCESettings.declarations) { context in
        try GCEProvider(context: context)
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
            guard let edited else {
                try await releaseBackendIfUnused(namespace: reference.namespace)
                throw GCEProviderError(.kubernetes, "the Ingress does not exist", object: "Ingress \(reference)")
            }
            await warnAboutUnsupportedPaths(edited, reference: reference)
            logger.debug("challenge paths exposed", metadata: [
                "ingress.namespace": "\(reference.namespace)", "ingress.name": "\(reference.name)",
                "gce.hosts": "\(wanted.sorted().joined(separator: ","))",
            ])
        }
    }

    /// Removes the Ingress's challenge paths (when kept between renewals: only once the Ingress is no longer
    /// served) and the namespace's challenge Service and Endpoints once no Ingress there routes to them.
    public func withdraw(ingress reference: ObjectReference) async throws {
        try await withNamespace(reference.namespace) {
            try await editRules(of: reference) { fresh in self.desiredHosts(fresh, active: nil) }
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
        var firstFailure: GCEProviderError?
        for namespace in namespaces.sorted() {
            try Task.checkCancellation()
            do {
                try await withNamespace(namespace) {
                    try await reconcileNamespace(namespace, activeHosts: activeHosts)
                }
            } catch let failure as GCEProviderError {
                logger.warning("namespace not reconciled", metadata: ["gce.namespace": "\(namespace)", "error": "\(failure)"])
                firstFailure = firstFailure ?? failure
            }
        }
        if let firstFailure { throw firstFailure }
    }
}
