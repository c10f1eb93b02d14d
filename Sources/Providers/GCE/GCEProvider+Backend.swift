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
        make: (String) -> Object, correct: @escaping @Sendable (inout Object) -> Void
    ) async throws(GCEProviderError) {
        let label = "\(Object.resourceKind.kind) \(namespace)/\(backend.name)"
        for _ in 0..<3 {
            let current: Object?
            do throws(KubeError) {
                current = try await context.kube.get(type, namespace: namespace, name: backend.name)
            } catch where error.code == .notFound {
                current = nil
            } catch {
                throw Self.failure(error)
            }
            guard let current else {
                do throws(KubeError) {
                    _ = try await context.kube.create(make(namespace))
                    logger.info("challenge object created", metadata: ["gce.object": "\(label)", "gce.pod_ip": "\(backend.podIP)"])
                    return
                } catch where error.code == .alreadyExists {
                    continue
                } catch {
                    throw Self.failure(error)
                }
            }
            guard GCEChallengeBackend.isManaged(current.metadata) else {
                throw await refuseUnmanaged(label, regarding: regarding)
            }
            var corrected = current
            correct(&corrected)
            if corrected == current { return }
            do throws(KubeError) {
                _ = try await context.kube.updateWithRetry(type, namespace: namespace, name: backend.name) { object in
                    if GCEChallengeBackend.isManaged(object.metadata) { correct(&object) }
                }
                logger.info("challenge object corrected", metadata: ["gce.object": "\(label)", "gce.pod_ip": "\(backend.podIP)"])
                return
            } catch where error.code == .notFound {
                continue
            } catch {
                throw Self.failure(error)
            }
        }
        throw GCEProviderError(.kubernetes, "created and deleted concurrently, three times", object: label, isTransient: true)
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
