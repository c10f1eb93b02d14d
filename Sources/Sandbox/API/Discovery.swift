import KubeLegoKube

/// The discovery documents kubectl reads before it does anything: version, API groups and resource lists
/// (the legacy, unaggregated form, which kubectl falls back to).
enum Discovery {
    /// The Kubernetes version the sandbox claims to be.
    static let version: JSONObject = [
        "major": "1", "minor": "30", "gitVersion": "v1.30.0-kube-lego-sandbox",
        "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean",
        "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.22.0", "compiler": "gc", "platform": "linux/amd64",
    ]

    /// The document for a discovery route.
    static func document(for route: APIRoute) -> JSONValue {
        switch route {
        case .version:
            return .object(version)
        case .coreVersions:
            return ["kind": "APIVersions", "versions": ["v1"],
                    "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"]]]
        case .groups:
            return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groupNames.map { .object(group($0)) })]
        case .group(let name):
            return .object(group(name))
        case .resources(let group, let version):
            return .object(resourceList(group: group, version: version))
        default:
            return .null
        }
    }

    /// The named (non-core) groups, in discovery order.
    static var groupNames: [String] {
        var names: [String] = []
        for resource in ResourceType.all where !resource.group.isEmpty && !names.contains(resource.group) {
            names.append(resource.group)
        }
        return names
    }

    /// An APIGroup document.
    static func group(_ name: String) -> JSONObject {
        let versions = ResourceType.all.filter { $0.group == name }.map(\.version)
        var unique: [String] = []
        for version in versions where !unique.contains(version) { unique.append(version) }
        let entries: [JSONValue] = unique.map { ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)] }
        return ["kind": "APIGroup", "apiVersion": "v1", "name": .string(name), "versions": .array(entries),
                "preferredVersion": entries.first ?? .null]
    }

    /// An APIResourceList for one group-version, with status subresources.
    static func resourceList(group: String, version: String) -> JSONObject {
        let verbs: JSONValue = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
        var entries: [JSONValue] = []
        for resource in ResourceType.all where resource.group == group && resource.version == version {
            var entry: JSONObject = [
                "name": .string(resource.plural), "singularName": .string(resource.singular),
                "namespaced": .bool(resource.namespaced), "kind": .string(resource.kind), "verbs": verbs,
            ]
            if !resource.shortNames.isEmpty { entry["shortNames"] = .array(resource.shortNames.map { .string($0) }) }
            if resource == .service { entry["categories"] = ["all"] } // `kubectl get all`, as on a real server
            entries.append(.object(entry))
            if resource.hasStatusSubresource {
                entries.append(["name": .string("\(resource.plural)/status"), "singularName": "",
                                "namespaced": .bool(resource.namespaced), "kind": .string(resource.kind),
                                "verbs": ["get", "patch", "update"]])
            }
        }
        let groupVersion = group.isEmpty ? version : "\(group)/\(version)"
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(groupVersion),
                "resources": .array(entries)]
    }
}
