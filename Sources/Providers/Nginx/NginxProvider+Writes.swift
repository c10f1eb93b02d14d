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
            let stored = try await context.kube.createOrUpdate(
                Endpoints.self, namespace: namespace, name: name, known: remembered(Endpoints.self, name)
            ) { existing in
                var endpoints = existing ?? Endpoints(name: name, namespace: namespace)
                let before = endpoints
                ChallengeService.shape(&endpoints, configuration: configuration)
                return existing != nil && endpoints.raw == before.raw ? nil : endpoints
            }
            remember(stored, name)
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
        challengeIngresses?.insert(name)
    }

    /// The object `name` as last read or written, if remembered.
    private func remembered<Object: KubeResource>(_ type: Object.Type, _ name: String) -> Object? {
        known["\(Object.resourceKind.kind)/\(name)"].map(Object.init(raw:))
    }

    /// Remembers `object` as stored under `name` (nil: forgets it).
    private func remember<Object: KubeResource>(_ object: Object?, _ name: String) {
        known["\(Object.resourceKind.kind)/\(name)"] = object?.raw
    }

    /// Creates or reshapes our object `name` in LEGO_NAMESPACE; the metadata of a foreign one of that name.
    private func ensureManaged<Object: KubeResource>(
        _ type: Object.Type, name: String, _ shape: @Sendable (inout Object) -> Void
    ) async throws(KubeError) -> ObjectMeta? {
        let (stored, foreign) = try await context.kube.ensureManaged(
            type, namespace: namespace, name: name, known: remembered(type, name), shape)
        // Only our own objects are remembered: a foreign one is read again on every pass, so adding the marker counts.
        remember(stored, name)
        return foreign
    }

    /// Deletes our challenge Ingresses (managed, challenge-endpoints annotation, our base name) not in `keep`.
    /// Listed when they are not known (`challengeIngresses`: after start-up and each drift repair); otherwise
    /// the ones this provider made are deleted without a list.
    func deleteChallengeIngresses(except keep: Set<String>) async throws {
        if let existing = challengeIngresses {
            for name in existing.subtracting(keep).sorted() {
                try await delete(Ingress.self, name, resourceVersion: remembered(Ingress.self, name)?.metadata.resourceVersion)
                challengeIngresses?.remove(name)
                remember(Ingress?.none, name)
            }
            return
        }
        let base = settings.ingressName
        let list: ObjectList<Ingress>
        do {
            list = try await context.kube.listAll(Ingress.self, namespace: namespace)
        } catch {
            throw NginxProviderError(.kubernetes, "cannot list challenge Ingresses", object: "Ingress \(namespace)/*", underlying: error)
        }
        var remaining = Set<String>()
        for ingress in list.items where ingress.name == base || ingress.name.hasPrefix(base + "-") {
            let annotations = ingress.metadata.annotations
            guard annotations[Markers.challengeEndpointsAnnotation] == "true",
                  Markers.isManaged(labels: ingress.metadata.labels.dictionary, annotations: annotations.dictionary) else { continue }
            guard !keep.contains(ingress.name) else {
                remaining.insert(ingress.name)
                continue
            }
            try await delete(Ingress.self, ingress.name, resourceVersion: ingress.metadata.resourceVersion)
            remember(Ingress?.none, ingress.name)
        }
        challengeIngresses = remaining.union(keep)
    }

    /// Deletes the challenge Service when it carries our marker; a foreign one is left (and logged).
    func deleteService() async throws {
        let name = settings.serviceName
        let label = "Service \(namespace)/\(name)"
        let known = remembered(Service.self, name)
        remember(Service?.none, name)
        remember(Endpoints?.none, name)
        let service: Service
        if let known {
            service = known
        } else {
            guard let stored = try await read(Service.self, name: name, label: label) else { return }
            service = stored
        }
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
