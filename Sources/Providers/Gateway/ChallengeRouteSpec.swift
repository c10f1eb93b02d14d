public import KubeLegoCore
public import KubeLegoKube

/// What the Gateway provider writes for one Gateway, decided without I/O: the HTTP listeners its challenge
/// HTTPRoute attaches to, the listeners that refuse it, and the route's spec.
///
/// The route sends `PathPrefix /.well-known/acme-challenge/` of the hosts to the challenge Service in
/// `LEGO_NAMESPACE`. It wins over a user's routes for the same hostnames because Gateway API precedence
/// across all routes attached to a listener puts the longest matching path prefix first (HTTPRoute spec,
/// "Route precedence"), and a user's `/` or `/app` prefix is shorter; a user's route for exactly this prefix
/// would tie, broken by the older route, which is the user's: documented in Plugins.md.
public struct ChallengeRouteSpec: Sendable, Equatable {
    /// The path prefix HTTP-01 validations ask for.
    public static let challengePath = "/.well-known/acme-challenge/"

    /// The listeners the route attaches to (`parentRefs[].sectionName`), in the Gateway's order.
    public var listeners: [String]
    /// Listeners that would carry the hosts but refuse the route, with the reason.
    public var refusals: [(listener: String, reason: String)]
    /// The hosts, as `spec.hostnames`.
    public var hosts: [String]

    public static func == (lhs: ChallengeRouteSpec, rhs: ChallengeRouteSpec) -> Bool {
        lhs.listeners == rhs.listeners && lhs.hosts == rhs.hosts
            && lhs.refusals.map(\.listener) == rhs.refusals.map(\.listener) && lhs.refusals.map(\.reason) == rhs.refusals.map(\.reason)
    }

    /// Chooses the listeners of `gateway` for a route in the Gateway's own namespace carrying `hosts`:
    /// protocol HTTP, hostname absent or matching one of the hosts, and `allowedRoutes` letting an HTTPRoute
    /// from the Gateway's namespace attach (`namespaceLabels` are that namespace's labels, for `Selector`).
    public init(gateway: Gateway, hosts: [String], namespaceLabels: [String: String]) {
        self.hosts = hosts
        var listeners: [String] = []
        var refusals: [(String, String)] = []
        for listener in gateway.listeners where listener.transportProtocol.uppercased() == "HTTP" {
            guard Self.carries(listener: listener.hostname, anyOf: hosts) else { continue }
            if let reason = Self.refusal(listener.allowedRoutes, namespaceLabels: namespaceLabels) {
                refusals.append((listener.name, reason))
            } else {
                listeners.append(listener.name)
            }
        }
        self.listeners = listeners
        self.refusals = refusals
    }

    /// True when a listener with `hostname` (nil: any) takes a request for one of `hosts`. A wildcard
    /// hostname `*.example.com` matches one or more labels in place of the star, as the Gateway API defines.
    static func carries(listener hostname: String?, anyOf hosts: [String]) -> Bool {
        guard let hostname = hostname?.lowercased(), !hostname.isEmpty else { return true }
        return hosts.contains { host in
            if hostname.hasPrefix("*.") { return host.hasSuffix(String(hostname.dropFirst(1))) && host.count > hostname.count - 1 }
            return host == hostname
        }
    }

    /// Why `allowedRoutes` refuses an HTTPRoute from the Gateway's own namespace; nil when it allows it.
    static func refusal(_ allowed: JSONObject?, namespaceLabels: [String: String]) -> String? {
        guard let allowed else { return nil }
        if let kinds = allowed["kinds"]?.arrayValue, !kinds.isEmpty {
            let takesHTTPRoute = kinds.contains { entry in
                let kind = entry.objectValue?["kind"]?.stringValue
                let group = entry.objectValue?["group"]?.stringValue ?? "gateway.networking.k8s.io"
                return kind == "HTTPRoute" && group == "gateway.networking.k8s.io"
            }
            if !takesHTTPRoute { return "allowedRoutes.kinds does not include HTTPRoute" }
        }
        let namespaces = allowed["namespaces"]?.objectValue
        switch namespaces?["from"]?.stringValue ?? "Same" {
        case "Same", "All":
            return nil
        case "Selector":
            let selector = namespaces?["selector"]?.objectValue ?? [:]
            return LabelSelectorMatch.matches(selector, labels: namespaceLabels)
                ? nil : "allowedRoutes.namespaces.selector does not select the Gateway's own namespace"
        case let other:
            return "allowedRoutes.namespaces.from \(other) is not one kube-lego knows"
        }
    }

    /// The HTTPRoute spec: one parentRef per listener, the hosts, and the challenge path to `service`:`port` in
    /// `serviceNamespace`.
    public func routeSpec(gateway: ObjectReference, service: String, serviceNamespace: String, port: Int) -> JSONObject {
        let parents: [JSONValue] = listeners.map { listener in
            ["group": "gateway.networking.k8s.io", "kind": "Gateway", "name": .string(gateway.name), "sectionName": .string(listener)]
        }
        var backend: JSONObject = ["group": "", "kind": "Service", "name": .string(service), "port": .int(port)]
        if serviceNamespace != gateway.namespace { backend["namespace"] = .string(serviceNamespace) }
        return [
            "parentRefs": .array(parents),
            "hostnames": .array(hosts.map(JSONValue.string)),
            "rules": [[
                "matches": [["path": ["type": "PathPrefix", "value": .string(Self.challengePath)]]],
                "backendRefs": [.object(backend)],
            ]],
        ]
    }

    /// The ReferenceGrant spec letting HTTPRoutes of `namespaces` refer to the Service `service`.
    public static func grantSpec(namespaces: [String], service: String) -> JSONObject {
        [
            "from": .array(namespaces.sorted().map { ["group": "gateway.networking.k8s.io", "kind": "HTTPRoute", "namespace": .string($0)] }),
            "to": [["group": "", "kind": "Service", "name": .string(service)]],
        ]
    }

    /// The name of the challenge HTTPRoute of `gateway`: `kube-lego-<gateway>`, shortened with a hash of the
    /// whole name when that would pass the 253 characters Kubernetes allows.
    public static func routeName(for gateway: String) -> String {
        let name = "kube-lego-\(gateway)"
        guard name.count > 253 else { return name }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in gateway.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(name.prefix(236)) + "-" + String(hash, radix: 16)
    }
}

/// Evaluates a `metav1.LabelSelector` (`matchLabels`, `matchExpressions`) against labels.
enum LabelSelectorMatch {
    /// True when `selector` selects `labels`; an empty selector selects everything.
    static func matches(_ selector: JSONObject, labels: [String: String]) -> Bool {
        for (key, value) in selector["matchLabels"]?.objectValue ?? [:] where labels[key] != value.stringValue {
            return false
        }
        for expression in selector["matchExpressions"]?.arrayValue ?? [] {
            guard let expression = expression.objectValue, let key = expression["key"]?.stringValue else { return false }
            let values = expression["values"]?.arrayValue?.compactMap(\.stringValue) ?? []
            switch expression["operator"]?.stringValue {
            case "In": if !(labels[key].map(values.contains) ?? false) { return false }
            case "NotIn": if labels[key].map(values.contains) ?? false { return false }
            case "Exists": if labels[key] == nil { return false }
            case "DoesNotExist": if labels[key] != nil { return false }
            default: return false
            }
        }
        return true
    }
}
