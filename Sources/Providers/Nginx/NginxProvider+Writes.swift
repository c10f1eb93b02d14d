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
        for _ in 0..<5 {
            let existing = try await read(Service.self, name: name, label: label)
            guard let existing else {
                var service = Service(name: name, namespace: namespace)
                Self.shape(&service, configuration: configuration)
                do {
                    _ = try await context.kube.create(service)
                    return
                } catch where error.code == .alreadyExists || error.code == .conflict {
                    continue
                } catch {
                    throw NginxProviderError(.kubernetes, "cannot create the challenge Service", object: label, underlying: error)
                }
            }
            try await refuseUnmanaged(existing.metadata, object: label, servedIngress: servedIngress)
            do {
                _ = try await context.kube.updateWithRetry(Service.self, namespace: namespace, name: name) { (service: inout Service) throws(KubeError) in
                    guard Markers.isManaged(labels: service.metadata.labels.dictionary, annotations: service.metadata.annotations.dictionary) else {
                        throw KubeError(.forbidden, "lost the managed marker", object: label)
                    }
                    Self.shape(&service, configuration: configuration)
                }
                return
            } catch where error.code == .notFound {
                continue
            } catch {
                throw NginxProviderError(.kubernetes, "cannot update the challenge Service", object: label, underlying: error)
            }
        }
        throw NginxProviderError(.kubernetes, "the challenge Service kept changing under us", object: label)
    }

    /// Creates or updates one challenge Ingress.
    func ensureIngress(named name: String, spec: ChallengeIngressSpec, servedIngress: ObjectReference?) async throws {
        let configuration = context.configuration
        let serviceName = settings.serviceName
        let label = "Ingress \(namespace)/\(name)"
        for _ in 0..<5 {
            let existing = try await read(Ingress.self, name: name, label: label)
            guard let existing else {
                var ingress = Ingress(name: name, namespace: namespace)
                spec.apply(to: &ingress, serviceName: settings.serviceName, port: configuration.port)
                do {
                    _ = try await context.kube.create(ingress)
                    return
                } catch where error.code == .alreadyExists || error.code == .conflict {
                    continue
                } catch {
                    throw NginxProviderError(.kubernetes, "cannot create the challenge Ingress", object: label, underlying: error)
                }
            }
            try await refuseUnmanaged(existing.metadata, object: label, servedIngress: servedIngress)
            do {
                _ = try await context.kube.updateWithRetry(Ingress.self, namespace: namespace, name: name) { (ingress: inout Ingress) throws(KubeError) in
                    guard Markers.isManaged(labels: ingress.metadata.labels.dictionary, annotations: ingress.metadata.annotations.dictionary) else {
                        throw KubeError(.forbidden, "lost the managed marker", object: label)
                    }
                    spec.apply(to: &ingress, serviceName: serviceName, port: configuration.port)
                }
                return
            } catch where error.code == .notFound {
                continue
            } catch {
                throw NginxProviderError(.kubernetes, "cannot update the challenge Ingress", object: label, underlying: error)
            }
        }
        throw NginxProviderError(.kubernetes, "the challenge Ingress kept changing under us", object: label)
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
    }

    /// Sets what kube-lego owns on the challenge Service; a matching single port is kept as the server stored it.
    static func shape(_ service: inout Service, configuration: Configuration) {
        var metadata = service.metadata
        if metadata.labels[Markers.managedByLabel] != Markers.managedByValue { metadata.labels[Markers.managedByLabel] = Markers.managedByValue }
        if metadata.annotations[Markers.managedAnnotation] != "true" { metadata.annotations[Markers.managedAnnotation] = "true" }
        if metadata != service.metadata { service.metadata = metadata }
        if service.type != "ClusterIP" { service.type = "ClusterIP" }
        let selector: StringMap = ["app": configuration.serviceSelector]
        if service.selector.dictionary != selector.dictionary { service.selector = selector }
        let ports = service.ports
        let matches = ports.count == 1 && ports[0].port == configuration.port
            && ports[0].targetPort == .number(configuration.port) && ports[0].transportProtocol == "TCP"
        if !matches {
            var port = ServicePort(name: nil, port: configuration.port, targetPort: configuration.port)
            port.raw["protocol"] = "TCP"
            service.ports = [port]
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
