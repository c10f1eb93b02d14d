import KubeLegoCore
import KubeLegoKube
import Logging

extension GatewayProvider {
    private var namespace: String { context.configuration.namespace }

    /// The Service (with leader Endpoints) and the ReferenceGrant as the routes need them: written while any
    /// Gateway has routes, deleted (when ours) once none has. `regarding` is told by Event about foreign objects.
    func ensureShared(regarding source: SourceKey?) async throws {
        let configuration = context.configuration
        let name = settings.serviceName
        guard !routes.isEmpty else {
            try await deleteManaged(Endpoints.self, namespace: namespace, name: name, onlyIf: ChallengeService.routesToLeaderOnly(configuration))
            try await deleteManaged(Service.self, namespace: namespace, name: name)
            try await deleteManaged(ReferenceGrant.self, namespace: namespace, name: name)
            return
        }
        try await ensureManaged(Service.self, namespace: namespace, name: name, regarding: source) { service in
            ChallengeService.shape(&service, configuration: configuration)
        }
        if ChallengeService.routesToLeaderOnly(configuration) {
            try await ensureManaged(Endpoints.self, namespace: namespace, name: name, regarding: source) { endpoints in
                ChallengeService.shape(&endpoints, configuration: configuration)
            }
        }
        let granted = grantedNamespaces
        if granted.isEmpty {
            try await deleteManaged(ReferenceGrant.self, namespace: namespace, name: name)
        } else {
            let spec = ChallengeRouteSpec.grantSpec(namespaces: granted, service: name)
            try await ensureManaged(ReferenceGrant.self, namespace: namespace, name: name, regarding: source) { grant in
                if grant.grantSpec != spec { grant.grantSpec = spec }
            }
        }
    }

    /// Writes the challenge HTTPRoute of `routes.ingress` (a Gateway) for its hosts, after checking which of
    /// the Gateway's listeners take it.
    func ensureRoute(_ routes: ChallengeRoutes) async throws {
        let gatewayReference = routes.ingress
        let gatewayLabel = "Gateway \(gatewayReference)"
        let gateway: Gateway
        do {
            gateway = try await context.kube.get(Gateway.self, namespace: gatewayReference.namespace, name: gatewayReference.name)
        } catch {
            throw GatewayProviderError(.kubernetes, "cannot read it", object: gatewayLabel, underlying: error)
        }
        let spec = ChallengeRouteSpec(gateway: gateway, hosts: routes.hosts, namespaceLabels: try await namespaceLabels(of: gateway))
        for refusal in spec.refusals {
            await context.events.emit(.about(
                routes.source, .warning, "ListenerRefusesRoute",
                "listener \(refusal.listener) cannot take kube-lego's challenge HTTPRoute: \(refusal.reason); HTTP-01 for "
                    + "\(routes.hosts.joined(separator: ", ")) cannot pass through it"))
        }
        guard !spec.listeners.isEmpty else {
            let reason = "no listener with protocol HTTP takes a challenge route for \(routes.hosts.joined(separator: ", ")); "
                + "add an HTTP listener (port 80) for these hostnames, or use DNS-01 (annotation \(Configuration.challengeAnnotation): dns-01)"
            await context.events.emit(.about(routes.source, .warning, "NoHTTPListener", reason))
            throw GatewayProviderError(.noListener, reason, object: gatewayLabel)
        }
        let routeSpec = spec.routeSpec(
            gateway: gatewayReference, service: settings.serviceName, serviceNamespace: namespace, port: context.configuration.port)
        try await ensureManaged(
            HTTPRoute.self, namespace: gatewayReference.namespace, name: ChallengeRouteSpec.routeName(for: gatewayReference.name),
            regarding: routes.source
        ) { route in
            if route.routeSpec != routeSpec { route.routeSpec = routeSpec }
        }
    }

    /// Deletes the challenge HTTPRoute of `gateway`, if it is ours.
    func deleteRoute(of gateway: ObjectReference) async throws {
        try await deleteManaged(HTTPRoute.self, namespace: gateway.namespace, name: ChallengeRouteSpec.routeName(for: gateway.name))
    }

    /// The Gateways whose challenge HTTPRoutes exist (managed marker, our name), in the watched namespaces.
    func listManagedRoutes() async throws -> [ObjectReference] {
        let options = ListOptions(labelSelector: "\(Markers.managedByLabel)=\(Markers.managedByValue)")
        let list: ObjectList<HTTPRoute>
        do {
            list = try await context.kube.listAll(HTTPRoute.self, namespace: context.configuration.watchNamespace, options: options)
        } catch {
            throw GatewayProviderError(.kubernetes, "cannot list challenge HTTPRoutes", object: "HTTPRoute */*", underlying: error)
        }
        return list.items.compactMap { route in
            guard route.name.hasPrefix("kube-lego-") else { return nil }
            let gateway = route.routeSpec["parentRefs"]?.arrayValue?.first?.objectValue?["name"]?.stringValue
            return gateway.map { ObjectReference(namespace: route.namespace ?? "default", name: $0) }
        }
    }

    /// The labels of the Gateway's namespace, read only when a listener selects namespaces by label.
    private func namespaceLabels(of gateway: Gateway) async throws -> [String: String] {
        let selects = gateway.listeners.contains { $0.allowedRoutes?["namespaces"]?.objectValue?["from"]?.stringValue == "Selector" }
        guard selects, let name = gateway.namespace else { return [:] }
        do {
            return try await context.kube.get(Namespace.self, namespace: nil, name: name).metadata.labels.dictionary
        } catch {
            throw GatewayProviderError(.kubernetes, "cannot read the namespace to evaluate allowedRoutes.namespaces.selector",
                                       object: "Namespace \(name)", underlying: error)
        }
    }

    /// Creates or reshapes our object; a foreign one of that name is left alone: a Warning Event on `source`
    /// and `.notManaged`.
    private func ensureManaged<Object: KubeResource>(
        _ type: Object.Type, namespace: String, name: String, regarding source: SourceKey?, _ shape: @Sendable (inout Object) -> Void
    ) async throws {
        let label = "\(Object.resourceKind.kind) \(namespace)/\(name)"
        let foreign: ObjectMeta?
        do {
            foreign = try await context.kube.ensureManaged(type, namespace: namespace, name: name, shape)
        } catch {
            throw GatewayProviderError(.kubernetes, "cannot create or update it", object: label, underlying: error)
        }
        guard foreign != nil else { return }
        let reason = "exists without kube-lego's managed marker (label \(Markers.managedByLabel)=\(Markers.managedByValue)); "
            + "kube-lego leaves it alone, so HTTP-01 challenges cannot be routed"
        if let source { await context.events.emit(.about(source, .warning, "ChallengeObjectNotManaged", "\(label) \(reason)")) }
        throw GatewayProviderError(.notManaged, reason, object: label)
    }

    /// Deletes the object when it exists and carries the managed marker.
    private func deleteManaged<Object: KubeResource>(
        _ type: Object.Type, namespace: String, name: String, onlyIf condition: Bool = true
    ) async throws {
        guard condition else { return }
        let label = "\(Object.resourceKind.kind) \(namespace)/\(name)"
        do {
            if try await context.kube.deleteIfManaged(type, namespace: namespace, name: name) {
                context.logger.info("deleted challenge object", metadata: ["kube.object": "\(label)"])
            }
        } catch {
            throw GatewayProviderError(.kubernetes, "cannot delete it", object: label, underlying: error)
        }
    }
}
