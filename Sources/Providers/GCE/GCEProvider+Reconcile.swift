import KubeLegoCore
import KubeLegoKube

/// The full repair pass behind `reconcile(active:)`.
extension GCEProvider {
    /// Every namespace with something to check: active Ingresses, Ingresses carrying a challenge path, and
    /// managed challenge Services or Endpoints.
    func namespacesToReconcile(active: [ObjectReference: Set<String>]) async throws(GCEProviderError) -> Set<String> {
        let scope = context.configuration.watchNamespace
        var namespaces = Set(active.keys.map(\.namespace))
        let byName = ListOptions(fieldSelector: "metadata.name=\(backend.name)")
        do throws(KubeError) {
            for ingress in try await context.kube.listAll(Ingress.self, namespace: scope).items
            where !paths.hostsWithChallengePath(ingress.rules).isEmpty {
                namespaces.insert(ingress.namespace ?? "default")
            }
            for service in try await context.kube.listAll(Service.self, namespace: scope, options: byName).items
            where GCEChallengeBackend.isManaged(service.metadata) {
                namespaces.insert(service.namespace ?? "default")
            }
            for endpoints in try await context.kube.listAll(Endpoints.self, namespace: scope, options: byName).items
            where GCEChallengeBackend.isManaged(endpoints.metadata) {
                namespaces.insert(endpoints.namespace ?? "default")
            }
        } catch {
            throw Self.failure(error)
        }
        return namespaces
    }

    /// Brings `namespace` to its desired state: when some Ingress there needs a challenge path, first the
    /// Service and Endpoints (pointing at this pod), then the paths, so no path ever points at a missing Service;
    /// otherwise first the paths go, then the Service and Endpoints.
    func reconcileNamespace(_ namespace: String, activeHosts: [ObjectReference: Set<String>]) async throws(GCEProviderError) {
        let ingresses: [Ingress]
        do throws(KubeError) {
            ingresses = try await context.kube.listAll(Ingress.self, namespace: namespace).items
        } catch {
            throw Self.failure(error)
        }
        var touched: [ObjectReference] = []
        var routed: ObjectReference?
        for ingress in ingresses {
            let reference = ObjectReference(namespace: namespace, name: ingress.name)
            let active = activeHosts[reference]
            guard active != nil || !paths.hostsWithChallengePath(ingress.rules).isEmpty else { continue }
            touched.append(reference)
            if routed == nil, !desiredHosts(ingress, active: active).isEmpty { routed = reference }
        }
        if let routed { try await ensureBackend(namespace: namespace, regarding: routed) }
        for reference in touched {
            let active = activeHosts[reference]
            try await editRules(of: reference) { fresh in self.desiredHosts(fresh, active: active) }
        }
        if routed == nil { try await releaseBackendIfUnused(namespace: namespace) }
    }
}
