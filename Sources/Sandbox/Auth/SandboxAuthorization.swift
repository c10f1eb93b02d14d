/// Turns on authorization in a `SandboxAPIServer`: bearer tokens name who is calling, and a ServiceAccount's
/// requests are decided by the Roles, ClusterRoles and bindings stored in the server (Kubernetes RBAC).
///
/// Off (nil in `SandboxOptions`) unless asked for, so the plain sandbox serves everyone as before.
public struct SandboxAuthorization: Sendable {
    /// Tokens of cluster administrators (`system:masters`): every request is allowed (kubectl, test clients).
    public var adminTokens: Set<String>
    /// Tokens of ServiceAccounts; their requests are allowed only when a stored binding grants them.
    public var serviceAccountTokens: [String: SandboxServiceAccount]

    /// Authorization with the given tokens; a request with any other token (or none) gets 401.
    public init(adminTokens: Set<String> = [], serviceAccountTokens: [String: SandboxServiceAccount] = [:]) {
        self.adminTokens = adminTokens
        self.serviceAccountTokens = serviceAccountTokens
    }

    /// Who a bearer token belongs to, if anyone.
    func user(forToken token: String) -> RBACUser? {
        if adminTokens.contains(token) { return .admin }
        return serviceAccountTokens[token].map(RBACUser.init(serviceAccount:))
    }
}

/// A ServiceAccount, by namespace and name.
public struct SandboxServiceAccount: Sendable, Hashable, CustomStringConvertible {
    /// Its namespace.
    public var namespace: String
    /// Its name.
    public var name: String

    /// The account `namespace/name`.
    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// The user name Kubernetes gives it: `system:serviceaccount:<namespace>:<name>`.
    public var userName: String { "system:serviceaccount:\(namespace):\(name)" }

    /// `namespace/name`.
    public var description: String { "\(namespace)/\(name)" }
}

/// An authenticated user as RBAC sees it: a name and groups.
public struct RBACUser: Sendable, Hashable {
    /// The user name (`system:serviceaccount:kube-lego:kube-lego`).
    public var name: String
    /// The groups (`system:serviceaccounts`, `system:serviceaccounts:<ns>`, `system:authenticated`).
    public var groups: [String]

    /// A user with explicit groups.
    public init(name: String, groups: [String]) {
        self.name = name
        self.groups = groups
    }

    /// The user a ServiceAccount token authenticates as, with the groups kube-apiserver gives it.
    public init(serviceAccount: SandboxServiceAccount) {
        self.init(name: serviceAccount.userName, groups: [
            "system:serviceaccounts", "system:serviceaccounts:\(serviceAccount.namespace)", "system:authenticated",
        ])
    }

    /// A cluster administrator.
    public static let admin = RBACUser(name: "sandbox-admin", groups: ["system:masters", "system:authenticated"])

    /// Whether the user is in `system:masters` (allowed everything, as on a real server).
    var isSuperUser: Bool { groups.contains("system:masters") }

    /// The ServiceAccount this user is, if it is one.
    public var serviceAccount: SandboxServiceAccount? {
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "system", parts[1] == "serviceaccount" else { return nil }
        return SandboxServiceAccount(namespace: String(parts[2]), name: String(parts[3]))
    }
}
