import KubeLegoKube

/// The defaults the Gateway API CRD schemas declare, which kube-apiserver writes into stored objects (so
/// `kubectl get -o yaml` shows them, and a client comparing its desired object with the stored one sees them).
extension ObjectRules {
    /// The default of an HTTPRoute rule's `matches`, and of a rule list left out: every path.
    static let matchEverything: JSONValue = ["path": ["type": "PathPrefix", "value": "/"]]

    /// Gateway API defaults for `resource`; other resources come back unchanged.
    static func gatewayAPIDefaults(_ resource: ResourceType, _ object: SandboxObject) -> SandboxObject {
        guard var spec = object.json["spec"]?.objectValue else { return object }
        switch resource {
        case .gateway: spec = gatewayDefaults(spec)
        case .httpRoute: spec = httpRouteDefaults(spec)
        default: return object
        }
        var defaulted = object
        defaulted.json["spec"] = .object(spec)
        return defaulted
    }

    /// Listener `allowedRoutes` defaults to routes of the Gateway's own namespace.
    private static func gatewayDefaults(_ spec: JSONObject) -> JSONObject {
        var spec = spec
        spec["listeners"] = mapObjects(spec["listeners"]) { listener in
            var listener = listener
            var allowed = listener["allowedRoutes"]?.objectValue ?? JSONObject()
            var namespaces = allowed["namespaces"]?.objectValue ?? JSONObject()
            if namespaces["from"] == nil { namespaces["from"] = "Same" }
            allowed["namespaces"] = .object(namespaces)
            listener["allowedRoutes"] = .object(allowed)
            return listener
        }
        return spec
    }

    /// Parent refs default to a Gateway; rules and matches to every path; header and query matches to
    /// `Exact`; backend refs to a core Service of weight 1.
    private static func httpRouteDefaults(_ spec: JSONObject) -> JSONObject {
        var spec = spec
        spec["parentRefs"] = mapObjects(spec["parentRefs"]) { reference in
            var reference = reference
            if reference["group"] == nil { reference["group"] = .string(ResourceType.gatewayAPIGroup) }
            if reference["kind"] == nil { reference["kind"] = "Gateway" }
            return reference
        }
        if spec["rules"] == nil { spec["rules"] = [["matches": matchEverything]] }
        spec["rules"] = mapObjects(spec["rules"]) { rule in
            var rule = rule
            if rule["matches"] == nil { rule["matches"] = [matchEverything] }
            rule["matches"] = mapObjects(rule["matches"]) { match in
                var match = match
                var path = match["path"]?.objectValue ?? JSONObject()
                if path["type"] == nil { path["type"] = "PathPrefix" }
                if path["value"] == nil { path["value"] = "/" }
                match["path"] = .object(path)
                for list in ["headers", "queryParams"] {
                    match[list] = mapObjects(match[list]) { entry in
                        var entry = entry
                        if entry["type"] == nil { entry["type"] = "Exact" }
                        return entry
                    }
                }
                return match
            }
            rule["backendRefs"] = mapObjects(rule["backendRefs"]) { backend in
                var backend = backend
                if backend["group"] == nil { backend["group"] = "" }
                if backend["kind"] == nil { backend["kind"] = "Service" }
                if backend["weight"] == nil { backend["weight"] = 1 }
                return backend
            }
            return rule
        }
        return spec
    }

    /// Applies `change` to every object of an array value; nil stays nil, other values stay as they are.
    private static func mapObjects(_ value: JSONValue?, _ change: (JSONObject) -> JSONObject) -> JSONValue? {
        guard let items = value?.arrayValue else { return value }
        return .array(items.map { item in item.objectValue.map { .object(change($0)) } ?? item })
    }
}
