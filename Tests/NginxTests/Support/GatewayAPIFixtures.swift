import KubeLegoKube

/// A `gateway.networking.k8s.io/v1` Gateway of `className` with `listeners`.
func gatewayJSON(_ namespace: String, _ name: String, className: String = "sandbox", listeners: [JSONValue]) -> JSONObject {
    ["apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
     "metadata": ["name": .string(name), "namespace": .string(namespace)],
     "spec": ["gatewayClassName": .string(className), "listeners": .array(listeners)]]
}

/// A listener; `from` and `selector` set `allowedRoutes.namespaces`.
func listener(
    _ name: String, protocol transport: String = "HTTP", port: Int = 80, hostname: String? = nil, from: String? = nil,
    selector: JSONValue? = nil
) -> JSONValue {
    var entry: JSONObject = ["name": .string(name), "protocol": .string(transport), "port": .int(port)]
    if let hostname { entry["hostname"] = .string(hostname) }
    if let from {
        var namespaces: JSONObject = ["from": .string(from)]
        if let selector { namespaces["selector"] = selector }
        entry["allowedRoutes"] = ["namespaces": .object(namespaces)]
    }
    return .object(entry)
}

/// A `gateway.networking.k8s.io/v1` HTTPRoute; `created` sets the creation time the precedence rules read.
func httpRouteJSON(
    _ namespace: String, _ name: String, parents: [JSONValue] = [["name": "web"]], hostnames: [String] = [],
    rules: [JSONValue], created: String = "2026-01-01T00:00:00Z"
) -> JSONObject {
    var spec: JSONObject = ["parentRefs": .array(parents), "rules": .array(rules)]
    if !hostnames.isEmpty { spec["hostnames"] = .array(hostnames.map { .string($0) }) }
    return ["apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "creationTimestamp": .string(created)],
            "spec": .object(spec)]
}

/// A rule matching `path` (of `type`, with optional method and headers) sent to one Service port.
func routeRule(
    _ path: String, type: String = "PathPrefix", to service: String, namespace: String? = nil, port: Int = 80,
    method: String? = nil, headers: [(String, String)] = []
) -> JSONValue {
    var match: JSONObject = ["path": ["type": .string(type), "value": .string(path)]]
    if let method { match["method"] = .string(method) }
    if !headers.isEmpty {
        match["headers"] = .array(headers.map { ["name": .string($0.0), "value": .string($0.1)] })
    }
    var backend: JSONObject = ["name": .string(service), "port": .int(port)]
    if let namespace { backend["namespace"] = .string(namespace) }
    return ["matches": [.object(match)], "backendRefs": [.object(backend)]]
}

/// A `gateway.networking.k8s.io/v1beta1` ReferenceGrant in `namespace` letting HTTPRoutes of `from` refer to
/// the Service `service` (every Service when nil).
func referenceGrantJSON(_ namespace: String, _ name: String, from: String, service: String?) -> JSONObject {
    var to: JSONObject = ["group": "", "kind": "Service"]
    if let service { to["name"] = .string(service) }
    return ["apiVersion": "gateway.networking.k8s.io/v1beta1", "kind": "ReferenceGrant",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": ["from": [["group": "gateway.networking.k8s.io", "kind": "HTTPRoute", "namespace": .string(from)]],
                     "to": [.object(to)]]]
}
