/// What a request path addresses.
enum APIRoute: Sendable, Equatable {
    /// `/version`.
    case version
    /// `/healthz`, `/livez`, `/readyz`: "ok", without authentication.
    case health
    /// `/api`: the core APIVersions.
    case coreVersions
    /// `/apis`: the APIGroupList.
    case groups
    /// `/apis/<group>`: one APIGroup.
    case group(String)
    /// `/api/v1` or `/apis/<group>/<version>`: an APIResourceList.
    case resources(group: String, version: String)
    /// A collection: namespaced (`namespace` set) or across all namespaces / cluster-scoped (nil).
    case collection(ResourceType, namespace: String?)
    /// One object, optionally a subresource (`status`).
    case object(ResourceType, namespace: String?, name: String, subresource: String?)

    /// Resolves path segments, or nil for a path the server does not serve (404).
    init?(segments: [String]) {
        switch segments.first {
        case "version" where segments.count == 1:
            self = .version
        case "healthz", "livez", "readyz":
            self = .health
        case "api":
            if segments.count == 1 { self = .coreVersions; return }
            self.init(group: "", version: segments[1], rest: Array(segments.dropFirst(2)))
        case "apis":
            if segments.count == 1 { self = .groups; return }
            guard ResourceType.all.contains(where: { $0.group == segments[1] }) else { return nil }
            if segments.count == 2 { self = .group(segments[1]); return }
            self.init(group: segments[1], version: segments[2], rest: Array(segments.dropFirst(3)))
        default:
            return nil
        }
    }

    /// Resolves the part after a group-version prefix.
    private init?(group: String, version: String, rest: [String]) {
        guard ResourceType.all.contains(where: { $0.group == group && $0.version == version }) else { return nil }
        if rest.isEmpty { self = .resources(group: group, version: version); return }
        var namespace: String?
        var tail = rest[...]
        if rest.count >= 3, rest[0] == "namespaces" {
            namespace = rest[1]
            tail = rest.dropFirst(2)
        }
        guard let plural = tail.first, let resource = ResourceType.find(group: group, version: version, plural: plural)
        else { return nil }
        if namespace != nil, !resource.namespaced { return nil }
        let after = Array(tail.dropFirst())
        switch after.count {
        case 0: self = .collection(resource, namespace: namespace)
        case 1: self = .object(resource, namespace: namespace, name: after[0], subresource: nil)
        case 2 where after[1] == "status":
            self = .object(resource, namespace: namespace, name: after[0], subresource: "status")
        default: return nil
        }
    }
}
