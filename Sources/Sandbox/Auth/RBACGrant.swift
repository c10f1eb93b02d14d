/// One thing a user may do, as granted by one rule: a verb on a resource of a group, cluster-wide or in one
/// namespace, optionally limited to names. `RBACPolicy.grants(of:)` expands rules into these so that a test can
/// check that every grant was used.
public struct RBACGrant: Sendable, Hashable, CustomStringConvertible {
    /// The binding that grants it (`ClusterRoleBinding kube-lego`).
    public var binding: String
    /// The role holding the rule (`ClusterRole kube-lego`).
    public var role: String
    /// The namespace it is limited to (RoleBinding), nil for cluster-wide.
    public var namespace: String?
    /// The verb (`*` when the rule says so).
    public var verb: String
    /// The API group ("" for core, `*` possible).
    public var apiGroup: String
    /// The resource (`secrets`, `ingresses/status`, `*`).
    public var resource: String
    /// Names it is limited to; empty means any.
    public var resourceNames: [String]

    /// Whether the request falls under this grant.
    public func covers(_ attributes: RBACAttributes) -> Bool {
        if let namespace, attributes.namespace != namespace { return false }
        let rule = RBACRule(verbs: [verb], apiGroups: [apiGroup], resources: [resource], resourceNames: resourceNames)
        return RBACAuthorizer.allows(rule, attributes)
    }

    /// `verb group/resource [names] in ns|cluster-wide (role)`.
    public var description: String {
        let group = apiGroup.isEmpty ? "core" : apiGroup
        let names = resourceNames.isEmpty ? "" : " \(resourceNames)"
        return "\(verb) \(group)/\(resource)\(names) \(namespace.map { "in \($0)" } ?? "cluster-wide") (\(role))"
    }
}

extension RBACPolicy {
    /// Every (verb, group, resource) a user is granted through its bindings, one entry per combination, in the
    /// order the roles list them. Non-resource rules are left out.
    public func grants(of user: RBACUser) -> [RBACGrant] {
        var grants: [RBACGrant] = []
        for binding in bindings(of: user) {
            for rule in rules(of: binding) where !rule.resources.isEmpty {
                for group in rule.apiGroups {
                    for resource in rule.resources {
                        for verb in rule.verbs {
                            let grant = RBACGrant(
                                binding: binding.label, role: binding.roleLabel, namespace: binding.namespace, verb: verb,
                                apiGroup: group, resource: resource, resourceNames: rule.resourceNames)
                            if !grants.contains(grant) { grants.append(grant) }
                        }
                    }
                }
            }
        }
        return grants
    }
}
