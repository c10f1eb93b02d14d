import KubeLegoKube

/// Which HTTPRoutes attach to which listeners of the served Gateways (those of the served classes), computed
/// as a Gateway API implementation does, and the per-parent outcome a controller reports in route status.
/// Pure: objects in, decisions out.
///
/// A parent ref attaches a route to a listener of the Gateway it names when its `sectionName` and `port` (if
/// set) pick the listener, the listener's `allowedRoutes` admit the route's namespace (`Same`, `All`, or a
/// `Selector` over the Namespace's labels, which include `kubernetes.io/metadata.name` as on a real cluster)
/// and the HTTPRoute kind, and the listener's and route's hostnames intersect. Only listeners with protocol
/// `HTTP` are served by nginx; HTTPS and TLS listeners count for attachment and status but serve nothing.
struct GatewayAttachments {
    /// A route with the hostnames it is served for on HTTP listeners.
    struct ServedRoute {
        /// The route.
        var route: GatewayAPI.HTTPRoute
        /// The effective hostnames across the HTTP listeners it attached to (no duplicates).
        var hostnames: [GatewayHostnames.Effective]
    }

    /// What became of one parent ref of a route that names a served Gateway.
    struct ParentOutcome: Hashable {
        /// Index of the entry in `spec.parentRefs`.
        var index: Int
        /// The parent ref.
        var parentRef: GatewayAPI.ParentRef
        /// Whether the route attached to at least one listener through it.
        var accepted: Bool
        /// The `Accepted` condition's reason: `Accepted`, `NoMatchingParent`, `NotAllowedByListeners` or
        /// `NoMatchingListenerHostname`.
        var reason: String
    }

    /// The routes served on HTTP listeners, oldest first.
    private(set) var served: [ServedRoute] = []
    /// Outcomes per route key (`namespace/name`), for routes with a parent ref to a served Gateway.
    private(set) var outcomes: [String: [ParentOutcome]] = [:]
    /// Routes attached per Gateway key (`namespace/name`) and listener name.
    private(set) var attachedRoutes: [String: [String: Int]] = [:]
    /// The served Gateways by key.
    let gateways: [String: GatewayAPI.Gateway]

    /// Attaches `routes` to the listeners of the Gateways of `classes`.
    init(gateways: [GatewayAPI.Gateway], routes: [GatewayAPI.HTTPRoute], namespaceLabels: [String: [String: String]],
         classes: Set<String>) {
        var served: [String: GatewayAPI.Gateway] = [:]
        for gateway in gateways where classes.contains(gateway.className) {
            served["\(gateway.namespace)/\(gateway.name)"] = gateway
        }
        self.gateways = served
        for gateway in served.values {
            attachedRoutes["\(gateway.namespace)/\(gateway.name)"] = Dictionary(
                gateway.listeners.map { ($0.name, 0) }, uniquingKeysWith: { first, _ in first })
        }
        for route in routes.sorted(by: { ($0.created, $0.key) < ($1.created, $1.key) }) {
            attach(route, namespaceLabels: namespaceLabels)
        }
    }

    /// Attaches one route through each of its parent refs.
    private mutating func attach(_ route: GatewayAPI.HTTPRoute, namespaceLabels: [String: [String: String]]) {
        var hostnames: [GatewayHostnames.Effective] = []
        var counted: Set<String> = []
        for (index, parent) in route.parentRefs.enumerated() where parent.isGateway {
            let gatewayKey = "\(parent.namespace)/\(parent.name)"
            guard let gateway = gateways[gatewayKey] else { continue }
            let picked = gateway.listeners.filter { listener in
                (parent.sectionName == nil || parent.sectionName == listener.name)
                    && (parent.port == nil || parent.port == listener.port)
            }
            let allowed = picked.filter {
                $0.allowsHTTPRoutes && Self.admits($0, routeNamespace: route.namespace, gatewayNamespace: gateway.namespace,
                                                    labels: namespaceLabels[route.namespace] ?? [:])
            }
            var attached = false
            for listener in allowed {
                let effective = GatewayHostnames.intersection(listener: listener.hostname, route: route.hostnames)
                guard !effective.isEmpty else { continue }
                attached = true
                if counted.insert("\(gatewayKey)/\(listener.name)").inserted {
                    attachedRoutes[gatewayKey, default: [:]][listener.name, default: 0] += 1
                }
                if listener.transport == "HTTP" {
                    for host in effective where !hostnames.contains(host) { hostnames.append(host) }
                }
            }
            let reason = picked.isEmpty ? "NoMatchingParent"
                : allowed.isEmpty ? "NotAllowedByListeners"
                : attached ? "Accepted" : "NoMatchingListenerHostname"
            outcomes[route.key, default: []].append(
                ParentOutcome(index: index, parentRef: parent, accepted: attached, reason: reason))
        }
        if !hostnames.isEmpty { served.append(ServedRoute(route: route, hostnames: hostnames)) }
    }

    /// Whether a listener's `allowedRoutes.namespaces` admits routes from `routeNamespace`.
    static func admits(_ listener: GatewayAPI.Listener, routeNamespace: String, gatewayNamespace: String,
                       labels: [String: String]) -> Bool {
        switch listener.namespacesFrom {
        case "All": return true
        case "Selector":
            guard let selector = listener.namespaceSelector.flatMap(Self.labelSelector) else { return false }
            var labels = labels
            labels["kubernetes.io/metadata.name"] = routeNamespace
            return selector.matches(labels)
        default: return routeNamespace == gatewayNamespace
        }
    }

    /// A `metav1.LabelSelector` (`matchLabels`, `matchExpressions`) as a selector; nil when it uses an
    /// operator that does not exist (which selects nothing).
    static func labelSelector(_ json: JSONValue) -> LabelSelector? {
        var requirements: [LabelSelector.Requirement] = []
        for (key, value) in json["matchLabels"]?.objectValue ?? JSONObject() {
            guard let text = value.stringValue else { return nil }
            requirements.append(.equals(key, text))
        }
        for expression in json["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue)
            switch expression["operator"]?.stringValue {
            case "In": requirements.append(.isIn(key, values))
            case "NotIn": requirements.append(.notIn(key, values))
            case "Exists": requirements.append(.exists(key))
            case "DoesNotExist": requirements.append(.doesNotExist(key))
            default: return nil
            }
        }
        return LabelSelector(requirements)
    }
}
