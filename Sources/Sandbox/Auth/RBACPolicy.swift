import KubeLegoKube

/// One rule of a Role or ClusterRole (`rbac.authorization.k8s.io/v1` PolicyRule).
public struct RBACRule: Sendable, Hashable {
    /// Verbs, or `*`.
    public var verbs: [String]
    /// API groups ("" for core), or `*`.
    public var apiGroups: [String]
    /// Resources (`secrets`, `ingresses/status`, `*/status`), or `*`.
    public var resources: [String]
    /// Object names the rule is limited to; empty means any.
    public var resourceNames: [String]
    /// Non-resource URL paths (`/healthz`, `/apis/*`), for ClusterRoles.
    public var nonResourceURLs: [String]

    /// A rule from its parts.
    public init(verbs: [String], apiGroups: [String] = [], resources: [String] = [], resourceNames: [String] = [],
                nonResourceURLs: [String] = []) {
        self.verbs = verbs
        self.apiGroups = apiGroups
        self.resources = resources
        self.resourceNames = resourceNames
        self.nonResourceURLs = nonResourceURLs
    }

    /// A rule from its JSON form; missing lists are empty.
    init(json: JSONValue) {
        func strings(_ key: String) -> [String] { json[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        self.init(verbs: strings("verbs"), apiGroups: strings("apiGroups"), resources: strings("resources"),
                  resourceNames: strings("resourceNames"), nonResourceURLs: strings("nonResourceURLs"))
    }
}

/// Who a binding grants to (`subjects[]`).
public struct RBACSubject: Sendable, Hashable {
    /// `ServiceAccount`, `User` or `Group`.
    public var kind: String
    /// The account, user or group name.
    public var name: String
    /// The ServiceAccount's namespace (for a RoleBinding it defaults to the binding's namespace).
    public var namespace: String?

    /// A subject from its parts.
    public init(kind: String, name: String, namespace: String? = nil) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
    }
}

/// A RoleBinding (namespace set) or ClusterRoleBinding (namespace nil).
public struct RBACBinding: Sendable, Hashable {
    /// The binding's name.
    public var name: String
    /// Where a RoleBinding lives; its grants hold only there. Nil for a ClusterRoleBinding.
    public var namespace: String?
    /// `Role` or `ClusterRole`.
    public var roleKind: String
    /// The referenced role's name.
    public var roleName: String
    /// Who is granted.
    public var subjects: [RBACSubject]

    /// A binding from its parts.
    public init(name: String, namespace: String?, roleKind: String, roleName: String, subjects: [RBACSubject]) {
        self.name = name
        self.namespace = namespace
        self.roleKind = roleKind
        self.roleName = roleName
        self.subjects = subjects
    }

    /// `RoleBinding ns/name` or `ClusterRoleBinding name`.
    public var label: String { namespace.map { "RoleBinding \($0)/\(name)" } ?? "ClusterRoleBinding \(name)" }
    /// `Role ns/name` or `ClusterRole name`.
    public var roleLabel: String {
        roleKind == "Role" ? "Role \(namespace ?? "")/\(roleName)" : "ClusterRole \(roleName)"
    }
}

/// Every Role, ClusterRole and binding in force: the input of `RBACAuthorizer`.
public struct RBACPolicy: Sendable, Hashable {
    /// Rules of Roles by `namespace/name`.
    public var roles: [String: [RBACRule]]
    /// Rules of ClusterRoles by name.
    public var clusterRoles: [String: [RBACRule]]
    /// RoleBindings and ClusterRoleBindings.
    public var bindings: [RBACBinding]

    /// A policy from its parts.
    public init(roles: [String: [RBACRule]] = [:], clusterRoles: [String: [RBACRule]] = [:], bindings: [RBACBinding] = []) {
        self.roles = roles
        self.clusterRoles = clusterRoles
        self.bindings = bindings
    }

    /// The rules a binding grants (empty when its role does not exist, as on a real server).
    public func rules(of binding: RBACBinding) -> [RBACRule] {
        if binding.roleKind == "ClusterRole" { return clusterRoles[binding.roleName] ?? [] }
        guard binding.roleKind == "Role", let namespace = binding.namespace else { return [] }
        return roles["\(namespace)/\(binding.roleName)"] ?? []
    }

    /// The bindings naming `user` as a subject.
    public func bindings(of user: RBACUser) -> [RBACBinding] {
        bindings.filter { binding in binding.subjects.contains { $0.applies(to: user, bindingNamespace: binding.namespace) } }
    }
}

extension RBACSubject {
    /// Whether the subject is `user` (or one of its groups). A ServiceAccount subject without a namespace in a
    /// RoleBinding means the binding's namespace.
    func applies(to user: RBACUser, bindingNamespace: String?) -> Bool {
        switch kind {
        case "User": return name == user.name
        case "Group": return user.groups.contains(name)
        case "ServiceAccount":
            guard let namespace = namespace ?? bindingNamespace, !namespace.isEmpty else { return false }
            return user.name == SandboxServiceAccount(namespace: namespace, name: name).userName
        default: return false
        }
    }
}

extension RBACPolicy {
    /// The policy stored in the sandbox right now.
    init(store: ObjectStore) {
        var roles: [String: [RBACRule]] = [:]
        for role in store.list(.role, namespace: nil).objects {
            roles["\(role.namespace)/\(role.name)"] = Self.rules(role)
        }
        var clusterRoles: [String: [RBACRule]] = [:]
        for role in store.list(.clusterRole, namespace: nil).objects { clusterRoles[role.name] = Self.rules(role) }
        var bindings: [RBACBinding] = []
        for object in store.list(.roleBinding, namespace: nil).objects {
            bindings.append(Self.binding(object, namespace: object.namespace))
        }
        for object in store.list(.clusterRoleBinding, namespace: nil).objects {
            bindings.append(Self.binding(object, namespace: nil))
        }
        self.init(roles: roles, clusterRoles: clusterRoles, bindings: bindings)
    }

    private static func rules(_ object: SandboxObject) -> [RBACRule] {
        (object.json["rules"]?.arrayValue ?? []).map(RBACRule.init(json:))
    }

    private static func binding(_ object: SandboxObject, namespace: String?) -> RBACBinding {
        let subjects = (object.json["subjects"]?.arrayValue ?? []).map { subject in
            RBACSubject(kind: subject["kind"]?.stringValue ?? "", name: subject["name"]?.stringValue ?? "",
                        namespace: subject["namespace"]?.stringValue)
        }
        return RBACBinding(name: object.name, namespace: namespace,
                           roleKind: object.json["roleRef"]?["kind"]?.stringValue ?? "",
                           roleName: object.json["roleRef"]?["name"]?.stringValue ?? "", subjects: subjects)
    }
}
