import KubeLegoCore
import KubeLegoKube
import Logging

/// The challenge Service and Endpoints in one namespace.
extension GCEProvider {
    /// Creates or corrects the Endpoints, then the Service (Endpoints first, so the Service never points at
    /// nothing). Refuses, with a Warning Event on `regarding`, when either exists without the managed marker.
    func ensureBackend(namespace: String, regarding: ObjectReference?) async throws(GCEProviderError) {
        try await ensure(Endpoints.self, namespace: namespace, regarding: regarding,
                         make: backend.newEndpoints(namespace:), correct: backend.correct)
        try await ensure(Service.self, namespace: namespace, regarding: regarding,
                         make: backend.newService(namespace:), correct: backend.correct)
    }

    /// Deletes the managed Service and Endpoints of `namespace` when no Ingress there carries a challenge path.
    func releaseBackendIfUnused(namespace: String) async throws(GCEProviderError) {
        let ingresses: [Ingress]
        do throws(KubeError) {
            ingresses = try await context.kube.listAll(Ingress.self, namespace: namespace).items
        } catch {
            throw Self.failure(error)
        }
        if ingresses.contains(where: { !paths.hostsWithChallengePath($0.rules).isEmpty }) { return }
        try await removeBackend(namespace: namespace)
    }

    /// Deletes the managed Service, then the managed Endpoints, of `namespace`; unmanaged ones stay.
    func removeBackend(namespace: String) async throws(GCEProviderError) {
        try await removeIfManaged(Service.self, namespace: namespace)
        try await removeIfManaged(Endpoints.self, namespace: namespace)
    }

    private func ensure<Object: KubeResource>(
        _ type: Object.Type, namespace: String, regarding: ObjectReference?,
        make: @Sendable (String) -> Object, correct: @escaping @Sendable (inout Object) -> Void
    ) async throws(GCEProviderError) {
        let label = "\(Object.resourceKind.kind) \(namespace)/\(backend.name)"
        var unmanaged = false
        var created = false
        let stored: Object?
        do throws(KubeError) {
            stored = try await context.kube.createOrUpdate(type, namespace: namespace, name: backend.name) { current in
                unmanaged = false
                created = current == nil
                guard var object = current else { return make(namespace) }
                guard GCEChallengeBackend.isManaged(object.metadata) else {
                    unmanaged = true
                    return nil
                }
                correct(&object)
                return object
            }
        } catch {
            throw Self.failure(error)
        }
        if unmanaged { throw await refuseUnmanaged(label, regarding: regarding) }
        if stored != nil {
            logger.log(level: created ? .info : .debug, created ? "challenge object created" : "challenge object in place",
                        metadata: ["gce.object": "\(label)", "gce.pod_ip": "\(backend.podIP)"])
        }
    }

    private func removeIfManaged<Object: KubeResource>(_ type: Object.Type, namespace: String) async throws(GCEProviderError) {
        do throws(KubeError) {
            let current = try await context.kube.get(type, namespace: namespace, name: backend.name)
            guard GCEChallengeBackend.isManaged(current.metadata) else { return }
            try await context.kube.delete(
                type, namespace: namespace, name: backend.name, resourceVersion: current.metadata.resourceVersion)
            logger.info("challenge object deleted", metadata: ["gce.object": "\(Object.resourceKind.kind) \(namespace)/\(backend.name)"])
        } catch where error.code == .notFound {
            return
        } catch {
            throw Self.failure(error)
        }
    }

    /// Reports an unmanaged object in the way and returns the error to throw.
    private func refuseUnmanaged(_ label: String, regarding: ObjectReference?) async -> GCEProviderError {
        let reason = "exists without kube-lego's managed marker (label \(Markers.managedByLabel)=\(Markers.managedByValue)); "
            + "kube-lego will not modify it: delete it or set LEGO_SERVICE_NAME_GCE to another name"
        logger.warning("challenge object not managed by kube-lego", metadata: ["gce.object": "\(label)"])
        if let regarding {
            await context.events.emit(.ingress(regarding, .warning, "ChallengeObjectConflict", "\(label) \(reason)"))
        }
        return GCEProviderError(.unmanagedObject, reason, object: label)
    }
}
