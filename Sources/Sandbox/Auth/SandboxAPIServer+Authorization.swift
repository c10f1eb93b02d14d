extension SandboxAPIServer {
    /// Every authorization decision so far, in order (empty when authorization is off).
    public var authorizationRecords: [SandboxAuthorizationRecord] { authorizationLog.snapshot }

    /// The Roles, ClusterRoles and bindings stored now.
    public var rbacPolicy: RBACPolicy { RBACPolicy(store: store) }

    /// Each grant the ServiceAccount holds now, with how many of its requests (allowed or not) fell under it:
    /// a grant with no use is more permission than the account needed.
    public func grantUsage(of account: SandboxServiceAccount) -> [(grant: RBACGrant, uses: Int)] {
        let user = RBACUser(serviceAccount: account)
        let requests = authorizationLog.snapshot.filter { $0.user == user }.map(\.attributes)
        return rbacPolicy.grants(of: user).map { grant in (grant, requests.filter(grant.covers).count) }
    }
}
