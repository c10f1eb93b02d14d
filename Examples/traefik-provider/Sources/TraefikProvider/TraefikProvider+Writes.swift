import KubeLegoCore
import KubeLegoKube

extension TraefikProvider {
    private var namespace: String { context.configuration.namespace }

    /// Makes the cluster hold the Service and exactly the challenge Ingresses of `specs`.
    func writePass(_ specs: [String: TraefikChallengeIngress], servedIngress: ObjectReference?) async throws {
        let configuration = context.configuration
        let settings = settings
        var wanted: Set<String> = []
        if !specs.isEmpty {
            try await ensureManaged(Service.self, name: settings.name, servedIngress: servedIngress) { service in
                Self.shape(&service, selector: configuration.serviceSelector, port: configuration.port)
            }
        }
        for ingressClass in specs.keys.sorted() {
            guard let spec = specs[ingressClass] else { continue }
            let name = TraefikChallengeIngress.name(base: settings.name, ingressClass: ingressClass, defaultClass: configuration.defaultClass)
            wanted.insert(name)
            try await ensureManaged(Ingress.self, name: name, servedIngress: servedIngress) { ingress in
                spec.apply(to: &ingress, settings: settings, port: configuration.port)
            }
        }
        let ingresses = try await context.kube.listAll(Ingress.self, namespace: namespace).items
        for ingress in ingresses where !wanted.contains(ingress.name) && isOurChallengeIngress(ingress) {
            try await deleteIfManaged(Ingress.self, name: ingress.name)
        }
        if specs.isEmpty {
            try await deleteIfManaged(Service.self, name: settings.name)
        }
    }

    private func isOurChallengeIngress(_ ingress: Ingress) -> Bool {
        let base = settings.name
        let metadata = ingress.metadata
        return (ingress.name == base || ingress.name.hasPrefix(base + "-"))
            && metadata.annotations[Markers.challengeEndpointsAnnotation] == "true"
            && Markers.isManaged(labels: metadata.labels.dictionary, annotations: metadata.annotations.dictionary)
    }

    /// Creates the object, or reshapes it when it carries the managed marker (`KubeClient.ensureManaged`); an
    /// object without the marker is left as it is, reported on the served Ingress, and makes this throw.
    private func ensureManaged<Object: KubeResource>(
        _ type: Object.Type, name: String, servedIngress: ObjectReference?, _ shape: @Sendable (inout Object) -> Void
    ) async throws {
        guard try await context.kube.ensureManaged(type, namespace: namespace, name: name, shape) != nil else { return }
        let label = "\(Object.resourceKind.kind) \(namespace)/\(name)"
        let reason = "exists without kube-lego's managed marker (label \(Markers.managedByLabel)=\(Markers.managedByValue)); "
            + "kube-lego leaves it alone, so challenges for Traefik cannot be routed"
        if let servedIngress {
            await context.events.emit(.ingress(servedIngress, .warning, "ChallengeObjectNotManaged", "\(label) \(reason)"))
        }
        throw CoreError(.provider, reason, subject: label)
    }

    /// Deletes the object when it carries the managed marker (at the resourceVersion read).
    private func deleteIfManaged<Object: KubeResource>(_ type: Object.Type, name: String) async throws {
        try await context.kube.deleteIfManaged(type, namespace: namespace, name: name)
    }

    /// The challenge Service: ClusterIP, selecting kube-lego's pods, one TCP port `port`.
    static func shape(_ service: inout Service, selector: String, port: Int) {
        var metadata = service.metadata
        if metadata.labels[Markers.managedByLabel] != Markers.managedByValue { metadata.labels[Markers.managedByLabel] = Markers.managedByValue }
        if metadata.annotations[Markers.managedAnnotation] != "true" { metadata.annotations[Markers.managedAnnotation] = "true" }
        if metadata != service.metadata { service.metadata = metadata }
        if service.type != "ClusterIP" { service.type = "ClusterIP" }
        if service.selector.dictionary != ["app": selector] { service.selector = ["app": selector] }
        let ports = service.ports
        if !(ports.count == 1 && ports[0].port == port && ports[0].targetPort == .number(port)) {
            service.ports = [ServicePort(name: nil, port: port, targetPort: port)]
        }
    }
}
