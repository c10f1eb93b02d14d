/// What RBAC decides on for one request: the verb and, for resource requests, where it points.
public struct RBACAttributes: Sendable, Hashable, CustomStringConvertible {
    /// The verb: get, list, watch, create, update, patch, delete, deletecollection (lower case).
    public var verb: String
    /// API group ("" for core); empty for non-resource requests.
    public var apiGroup: String
    /// Resource (plural, `secrets`); nil for non-resource requests (`/version`, `/apis`).
    public var resource: String?
    /// Subresource (`status`), if any.
    public var subresource: String?
    /// Namespace; nil for cluster-scoped requests and requests across all namespaces.
    public var namespace: String?
    /// Object name, for requests naming one object.
    public var name: String?
    /// The path of a non-resource request.
    public var path: String?

    /// A resource request.
    public init(verb: String, apiGroup: String, resource: String, subresource: String? = nil,
                namespace: String? = nil, name: String? = nil) {
        self.verb = verb
        self.apiGroup = apiGroup
        self.resource = resource
        self.subresource = subresource
        self.namespace = namespace
        self.name = name
    }

    /// A non-resource request (`get /version`).
    public init(verb: String, path: String) {
        self.verb = verb
        self.apiGroup = ""
        self.path = path
    }

    /// `resource` or `resource/subresource`, as RBAC rules name it.
    public var qualifiedResource: String {
        guard let resource else { return "" }
        return subresource.map { "\(resource)/\($0)" } ?? resource
    }

    /// `verb group/resource[/sub] [namespace/][name]`, for logs and test output.
    public var description: String {
        guard resource != nil else { return "\(verb) \(path ?? "")" }
        let group = apiGroup.isEmpty ? "core" : apiGroup
        let place = [namespace.map { "ns=\($0)" } ?? "cluster-wide", name.map { "name=\($0)" }].compactMap { $0 }
        return "\(verb) \(group)/\(qualifiedResource) " + place.joined(separator: " ")
    }
}
