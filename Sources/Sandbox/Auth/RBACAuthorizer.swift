/// Kubernetes RBAC evaluation, pure: a user, a request's attributes and the policy in force give a decision.
///
/// Semantics of kube-apiserver's RBAC authorizer: a request is allowed when any rule of any role bound to the
/// user (or one of its groups) allows it; there is no deny. ClusterRoleBindings grant everywhere (cluster-scoped
/// and all namespaces); RoleBindings grant only inside their namespace, whether they name a Role or a
/// ClusterRole. A rule matches when its verbs, apiGroups and resources each contain the request's value or `*`;
/// `resource/subresource` must be named as such (or `*/subresource`); a rule with resourceNames matches only
/// requests naming one of them (so never list, watch, or create by collection). Non-resource paths match
/// `nonResourceURLs` exactly or by a trailing `*`. `system:masters` is allowed everything, and every authenticated
/// user may read discovery (`system:discovery`, `system:public-info-viewer`).
public enum RBACAuthorizer {
    /// The outcome for one request.
    public struct Decision: Sendable, Hashable {
        /// Whether the request may proceed.
        public var allowed: Bool
        /// What allowed it (`ClusterRoleBinding x -> ClusterRole y`, `system:masters`), or why it was refused.
        public var reason: String
    }

    /// Paths every authenticated user may GET (the default discovery ClusterRoles).
    static let discoveryPaths = ["/api", "/api/*", "/apis", "/apis/*", "/version", "/version/", "/healthz", "/livez",
                                 "/readyz", "/openapi", "/openapi/*"]

    /// Decides whether `user` may do what `attributes` describe under `policy`.
    public static func authorize(_ user: RBACUser, _ attributes: RBACAttributes, policy: RBACPolicy) -> Decision {
        if user.isSuperUser { return Decision(allowed: true, reason: "system:masters") }
        if attributes.resource == nil, let path = attributes.path, attributes.verb == "get",
           user.groups.contains("system:authenticated"), discoveryPaths.contains(where: { urlMatches($0, path) }) {
            return Decision(allowed: true, reason: "system:discovery")
        }
        for binding in policy.bindings(of: user) {
            guard applies(binding, to: attributes) else { continue }
            if policy.rules(of: binding).contains(where: { allows($0, attributes) }) {
                return Decision(allowed: true, reason: "\(binding.label) -> \(binding.roleLabel)")
            }
        }
        return Decision(allowed: false, reason: forbiddenMessage(user, attributes))
    }

    /// Whether a binding's grants reach the request: cluster bindings everywhere, RoleBindings in their namespace
    /// and never for non-resource paths.
    static func applies(_ binding: RBACBinding, to attributes: RBACAttributes) -> Bool {
        guard let namespace = binding.namespace else { return true }
        return attributes.resource != nil && attributes.namespace == namespace
    }

    /// Whether one rule allows the request (namespace scope aside).
    public static func allows(_ rule: RBACRule, _ attributes: RBACAttributes) -> Bool {
        guard matches(rule.verbs, attributes.verb) else { return false }
        guard let resource = attributes.resource else {
            guard let path = attributes.path else { return false }
            return rule.nonResourceURLs.contains { urlMatches($0, path) }
        }
        guard matches(rule.apiGroups, attributes.apiGroup) else { return false }
        let combined = attributes.subresource.map { "\(resource)/\($0)" } ?? resource
        let resourceMatches = rule.resources.contains { entry in
            entry == "*" || entry == combined || (attributes.subresource.map { entry == "*/\($0)" } ?? false)
        }
        guard resourceMatches else { return false }
        if rule.resourceNames.isEmpty { return true }
        guard let name = attributes.name, !name.isEmpty else { return false }
        return rule.resourceNames.contains(name)
    }

    /// `values` contains `value` or `*`.
    static func matches(_ values: [String], _ value: String) -> Bool {
        values.contains("*") || values.contains(value)
    }

    /// A nonResourceURLs entry against a path: equal, `*`, or a prefix ending in `*`.
    static func urlMatches(_ pattern: String, _ path: String) -> Bool {
        if pattern == "*" || pattern == path { return true }
        guard pattern.hasSuffix("*") else { return false }
        return path.hasPrefix(pattern.dropLast())
    }

    /// kube-apiserver's message for a refused request, naming user, verb, resource, group and namespace.
    public static func forbiddenMessage(_ user: RBACUser, _ attributes: RBACAttributes) -> String {
        guard let resource = attributes.resource else {
            return "forbidden: User \"\(user.name)\" cannot \(attributes.verb) path \"\(attributes.path ?? "")\""
        }
        let qualified = attributes.apiGroup.isEmpty ? resource : "\(resource).\(attributes.apiGroup)"
        let subject = attributes.name.map { "\(qualified) \"\($0)\"" } ?? qualified
        let scope = attributes.namespace.map { "in the namespace \"\($0)\"" } ?? "at the cluster scope"
        return "\(subject) is forbidden: User \"\(user.name)\" cannot \(attributes.verb) resource "
            + "\"\(attributes.qualifiedResource)\" in API group \"\(attributes.apiGroup)\" \(scope)"
    }
}
