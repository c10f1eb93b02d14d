import KubeLegoCore
import KubeLegoKube
import Logging

extension NginxProvider {
    private var namespace: String { context.configuration.namespace }

    /// Creates or updates the challenge Service, keeping server-set fields such as clusterIP.
    func ensureService(servedIngress: ObjectReference?) async throws {
        let configuration = context.configuration
        let name = settings.serviceName
        let label = "Service \(namespace)/\(name)"
        let unmanaged: ObjectMeta?
        do {
            unmanaged = try await ensureManaged(Service.self, name: name) { service in
                ChallengeService.shape(&service, configuration: configuration)
            }
        } catch {
            throw NginxProviderError(.kubernetes, "cannot create or update the challenge Service", object: label, underlying: error)
        }
        if let unmanaged { try await refuseUnmanaged(unmanaged, object: label, servedIngress: servedIngress) }
        if ChallengeService.routesToLeaderOnly(configuration) { try await ensureLeaderEndpoints() }
    }

    /// With leader election the challenge Service has no selector: its Endpoints name this pod (the leader, the
    /// only replica that exposes routes and holds the tokens), so validations never reach a follower. Written on
    /// every pass, so a new leader points them at itself. The Endpoints of our own Service are ours by name
    /// (before an upgrade Kubernetes' endpoints controller made them, without our marker).
    func ensureLeaderEndpoints() async throws {
        let configuration = context.configuration
        let name = settings.serviceName
        let namespace = namespace
        do {
            try await context.kube.createOrUpdate(Endpoints.self, namespace: namespace, name: name) { existing in
                var endpoints = existing ?? Endpoints(name: name, namespace: namespace)
                let before = endpoints
                ChallengeService.shape(&endpoints, configuration: configuration)
                return existing != nil && endpoints.raw == before.raw ? nil : endpoints
            }
        } catch {
            throw NginxProviderError(.kubernetes, "cannot create or update the challenge Endpoints", object: "Endpoints \(namespace)/\(name)",
                                     underlying: error)
        }
    }

    /// Creates or updates one challenge Ingress.
    func ensureIngress(named name: String, spec: ChallengeIngressSpec, servedIngress: ObjectReference?) async throws {
        let configuration = context.configuration
        let serviceName = settings.serviceName
        let label = "Ingress \(namespace)/\(name)"
        let unmanaged: ObjectMeta?
        do {
            unmanaged = try await ensureManaged(Ingress.self, name: name) { ingress in
                spec.apply(to: &ingress, serviceName: serviceName, port: configuration.port)
            }
        } catch {
            throw NginxProviderError(.kubernetes, "cannot create or update the challenge Ingress", object: label, underlying: error)
        }
        if let unmanaged { try await refuseUnmanaged(unmanaged, object: label, servedIngress: servedIngress) }
    }

    /// Creates or reshapes our object `name` in LEGO_NAMESPACE; the metadata of a foreign one of that name.
    private func ensureManaged<Object: KubeResource>(
        _ type: Object.Type, name: String, _ shape: @Sendable (inout Object) -> Void
    ) async throws(KubeError) -> ObjectMeta? {
        try await context.kube.ensureManaged(type, namespace: namespace, name: name, shape)
    }

    /// Deletes our challenge Ingresses (managed, challenge-endpoints annotation, our base name) not in `keep`.
    func deleteChallengeIngresses(except keep: Set<String>) async throws {
        let base = settings.ingressName
        let list: ObjectList<Ingress>
        do {
            list = try await context.kube.listAll(Ingress.self, namespace: namespace)
        } catch {
            throw NginxProviderError(.kubernetes, "cannot list challenge Ingresses", object: "Ingress \(namespace)/*", underlying: error)
        }
        for ingress in list.items where !keep.contains(ingress.name) && (ingress.name == base || ingress.name.hasPrefix(base + "-")) {
            let annotations = ingress.metadata.annotations
            guard annotations[Markers.challengeEndpointsAnnotation] == "true",
                  Markers.isManaged(labels: ingress.metadata.labels.dictionary, annotations: annotations.dictionary) else { continue }
            try await delete(Ingress.self, ingress.name, resourceVersion: ingress.metadata.resourceVersion)
        }
    }

    /// Deletes the challenge Service when it carries our marker; a foreign one is left (and logged).
    func deleteService() async throws {
        let name = settings.serviceName
        let label = "Service \(namespace)/\(name)"
        guard let service = try await read(Service.self, name: name, label: label) else { return }
        guard Markers.isManaged(labels: service.metadata.labels.dictionary, annotations: service.metadata.annotations.dictionary) else {
            context.logger.warning("not deleting a Service without the managed marker", metadata: ["kube.object": "\(label)"])
            return
        }
        try await delete(Service.self, name, resourceVersion: service.metadata.resourceVersion)
        if ChallengeService.routesToLeaderOnly(context.configuration) {
            try await delete(Endpoints.self, name, resourceVersion: nil)
        }
    }

    /// Reads an object; nil when absent.
    private func read<Object: KubeResource>(_ type: Object.Type, name: String, label: String) async throws -> Object? {
        do {
            return try await context.kube.get(type, namespace: namespace, name: name)
        } catch where error.code == .notFound {
            return nil
        } catch {
            throw NginxProviderError(.kubernetes, "cannot read it", object: label, underlying: error)
        }
    }

    /// Deletes an object at the resourceVersion we checked; on a conflict it is read again and deleted only if
    /// it still carries our marker.
    private func delete<Object: KubeResource>(_ type: Object.Type, _ name: String, resourceVersion: String?) async throws {
        let label = "\(Object.resourceKind.kind) \(namespace)/\(name)"
        var version = resourceVersion
        for attempt in 1...5 {
            do {
                try await context.kube.delete(type, namespace: namespace, name: name, resourceVersion: version)
                context.logger.info("deleted challenge object", metadata: ["kube.object": "\(label)"])
                return
            } catch where error.code == .notFound {
                return
            } catch where error.code == .conflict && attempt < 5 {
                guard let fresh = try await read(type, name: name, label: label),
                      Markers.isManaged(labels: fresh.metadata.labels.dictionary, annotations: fresh.metadata.annotations.dictionary)
                else { return }
                version = fresh.metadata.resourceVersion
            } catch {
                throw NginxProviderError(.kubernetes, "cannot delete it", object: label, underlying: error)
            }
        }
    }

    /// Throws `.notManaged` (after a Warning Event on the served Ingress) for an object without our marker.
    private func refuseUnmanaged(_ metadata: ObjectMeta, object label: String, servedIngress: ObjectReference?) async throws {
        guard !Markers.isManaged(labels: metadata.labels.dictionary, annotations: metadata.annotations.dictionary) else { return }
        let reason = "exists without kube-lego's managed marker (label \(Markers.managedByLabel)=\(Markers.managedByValue) "
            + "or annotation \(Markers.managedAnnotation)=\"true\"); kube-lego leaves it alone, so HTTP-01 challenges cannot be routed"
        if let servedIngress {
            await context.events.emit(.ingress(servedIngress, .warning, "ChallengeObjectNotManaged", "\(label) \(reason)"))
        }
        context.logger.warning("challenge object not managed by kube-lego", metadata: ["kube.object": "\(label)"])
        throw NginxProviderError(.notManaged, reason, object: label)
    }
}
