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

    /// Rewrites the challenge paths of every Ingress of `namespace` that has or needs one, then keeps the
    /// Service and Endpoints (pointing at this pod) if a path remains, else deletes them.
    func reconcileNamespace(_ namespace: String, activeHosts: [ObjectReference: Set<String>]) async throws(GCEProviderError) {
        let ingresses: [Ingress]
        do throws(KubeError) {
            ingresses = try await context.kube.listAll(Ingress.self, namespace: namespace).items
        } catch {
            throw Self.failure(error)
        }
        var routed: ObjectReference?
        for ingress in ingresses {
            let reference = ObjectReference(namespace: namespace, name: ingress.name)
            let active = activeHosts[reference]
            guard active != nil || !paths.hostsWithChallengePath(ingress.rules).isEmpty else { continue }
            let stored = try await editRules(of: reference) { fresh in self.desiredHosts(fresh, active: active) }
            if let stored, !paths.hostsWithChallengePath(stored.rules).isEmpty, routed == nil { routed = reference }
        }
        if let routed {
            try await ensureBackend(namespace: namespace, regarding: routed)
        } else {
            try await removeBackend(namespace: namespace)
        }
    }
}
