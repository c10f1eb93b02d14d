import KubeLegoSandbox
import Testing

/// The pure RBAC evaluation, rule by rule, against Kubernetes semantics.
@Suite struct RBACAuthorizerTests {
    let account = SandboxServiceAccount(namespace: "kube-lego", name: "kube-lego")
    var user: RBACUser { RBACUser(serviceAccount: account) }

    func attributes(_ verb: String, _ resource: String, group: String = "", sub: String? = nil, ns: String? = nil,
                    name: String? = nil) -> RBACAttributes {
        RBACAttributes(verb: verb, apiGroup: group, resource: resource, subresource: sub, namespace: ns, name: name)
    }

    func clusterPolicy(_ rules: [RBACRule], subject: RBACSubject? = nil) -> RBACPolicy {
        let subject = subject ?? RBACSubject(kind: "ServiceAccount", name: "kube-lego", namespace: "kube-lego")
        return RBACPolicy(clusterRoles: ["r": rules], bindings: [
            RBACBinding(name: "b", namespace: nil, roleKind: "ClusterRole", roleName: "r", subjects: [subject]),
        ])
    }

    func allowed(_ policy: RBACPolicy, _ attributes: RBACAttributes, as user: RBACUser? = nil) -> Bool {
        RBACAuthorizer.authorize(user ?? self.user, attributes, policy: policy).allowed
    }

    @Test func nothingBoundMeansNothingAllowed() {
        #expect(!allowed(RBACPolicy(), attributes("get", "secrets", ns: "a", name: "x")))
        #expect(!allowed(RBACPolicy(), attributes("list", "secrets")))
    }

    @Test func verbsGroupsAndResourcesMustAllMatch() {
        let policy = clusterPolicy([RBACRule(verbs: ["get", "list"], apiGroups: [""], resources: ["secrets"])])
        #expect(allowed(policy, attributes("get", "secrets", ns: "a", name: "x")))
        #expect(allowed(policy, attributes("list", "secrets")))
        #expect(!allowed(policy, attributes("watch", "secrets")))
        #expect(!allowed(policy, attributes("get", "configmaps", ns: "a", name: "x")))
        #expect(!allowed(policy, attributes("get", "secrets", group: "apps", ns: "a", name: "x")))
    }

    @Test func starMatchesEveryVerbGroupAndResource() {
        #expect(allowed(clusterPolicy([RBACRule(verbs: ["*"], apiGroups: [""], resources: ["secrets"])]),
                        attributes("deletecollection", "secrets", ns: "a")))
        #expect(allowed(clusterPolicy([RBACRule(verbs: ["get"], apiGroups: ["*"], resources: ["ingresses"])]),
                        attributes("get", "ingresses", group: "networking.k8s.io", ns: "a", name: "x")))
        #expect(allowed(clusterPolicy([RBACRule(verbs: ["get"], apiGroups: [""], resources: ["*"])]),
                        attributes("get", "services", ns: "a", name: "x")))
        #expect(allowed(clusterPolicy([RBACRule(verbs: ["get"], apiGroups: [""], resources: ["*"])]),
                        attributes("get", "services", sub: "status", ns: "a", name: "x")))
    }

    @Test func subresourcesMustBeNamed() {
        let main = clusterPolicy([RBACRule(verbs: ["update"], apiGroups: ["networking.k8s.io"], resources: ["ingresses"])])
        #expect(!allowed(main, attributes("update", "ingresses", group: "networking.k8s.io", sub: "status", ns: "a", name: "x")))
        let status = clusterPolicy([RBACRule(verbs: ["update"], apiGroups: ["networking.k8s.io"], resources: ["ingresses/status"])])
        #expect(allowed(status, attributes("update", "ingresses", group: "networking.k8s.io", sub: "status", ns: "a", name: "x")))
        #expect(!allowed(status, attributes("update", "ingresses", group: "networking.k8s.io", ns: "a", name: "x")))
        let anyStatus = clusterPolicy([RBACRule(verbs: ["update"], apiGroups: ["*"], resources: ["*/status"])])
        #expect(allowed(anyStatus, attributes("update", "services", sub: "status", ns: "a", name: "x")))
        #expect(!allowed(anyStatus, attributes("update", "services", ns: "a", name: "x")))
    }

    @Test func resourceNamesLimitNamedRequestsAndExcludeCollections() {
        let policy = clusterPolicy([RBACRule(verbs: ["get", "update", "list", "create"], apiGroups: [""],
                                             resources: ["configmaps"], resourceNames: ["kube-lego-state"])])
        #expect(allowed(policy, attributes("get", "configmaps", ns: "a", name: "kube-lego-state")))
        #expect(allowed(policy, attributes("update", "configmaps", ns: "a", name: "kube-lego-state")))
        #expect(!allowed(policy, attributes("get", "configmaps", ns: "a", name: "other")))
        #expect(!allowed(policy, attributes("list", "configmaps", ns: "a")), "a list names no object")
        #expect(!allowed(policy, attributes("create", "configmaps", ns: "a")), "create cannot be limited by name")
    }

    @Test func roleBindingsGrantOnlyInTheirNamespace() {
        let subject = RBACSubject(kind: "ServiceAccount", name: "kube-lego", namespace: "kube-lego")
        let rule = RBACRule(verbs: ["get", "list"], apiGroups: [""], resources: ["secrets"])
        let policy = RBACPolicy(roles: ["kube-lego/r": [rule]], clusterRoles: ["cr": [rule]], bindings: [
            RBACBinding(name: "b", namespace: "kube-lego", roleKind: "Role", roleName: "r", subjects: [subject]),
            RBACBinding(name: "b2", namespace: "apps", roleKind: "ClusterRole", roleName: "cr", subjects: [subject]),
        ])
        #expect(allowed(policy, attributes("get", "secrets", ns: "kube-lego", name: "x")))
        #expect(allowed(policy, attributes("get", "secrets", ns: "apps", name: "x")), "a RoleBinding may name a ClusterRole")
        #expect(!allowed(policy, attributes("get", "secrets", ns: "other", name: "x")))
        #expect(!allowed(policy, attributes("list", "secrets")), "all namespaces is not one namespace")
    }

    @Test func aRoleBindingCannotUseARoleOfAnotherNamespace() {
        let subject = RBACSubject(kind: "ServiceAccount", name: "kube-lego", namespace: "kube-lego")
        let policy = RBACPolicy(roles: ["other/r": [RBACRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"])]], bindings: [
            RBACBinding(name: "b", namespace: "kube-lego", roleKind: "Role", roleName: "r", subjects: [subject]),
        ])
        #expect(!allowed(policy, attributes("get", "secrets", ns: "kube-lego", name: "x")))
    }

    @Test func subjectsByServiceAccountUserAndGroup() {
        let rule = RBACRule(verbs: ["get"], apiGroups: [""], resources: ["secrets"])
        let request = attributes("get", "secrets", ns: "a", name: "x")
        #expect(!allowed(clusterPolicy([rule], subject: RBACSubject(kind: "ServiceAccount", name: "kube-lego", namespace: "other")), request))
        #expect(!allowed(clusterPolicy([rule], subject: RBACSubject(kind: "ServiceAccount", name: "someone", namespace: "kube-lego")), request))
        #expect(allowed(clusterPolicy([rule], subject: RBACSubject(kind: "User", name: "system:serviceaccount:kube-lego:kube-lego")), request))
        #expect(allowed(clusterPolicy([rule], subject: RBACSubject(kind: "Group", name: "system:serviceaccounts:kube-lego")), request))
        #expect(allowed(clusterPolicy([rule], subject: RBACSubject(kind: "Group", name: "system:serviceaccounts")), request))
        #expect(!allowed(clusterPolicy([rule], subject: RBACSubject(kind: "Group", name: "system:serviceaccounts:other")), request))
    }

    @Test func aServiceAccountSubjectWithoutNamespaceInARoleBindingMeansTheBindingsNamespace() {
        let policy = RBACPolicy(roles: ["kube-lego/r": [RBACRule(verbs: ["get"], apiGroups: [""], resources: ["secrets"])]], bindings: [
            RBACBinding(name: "b", namespace: "kube-lego", roleKind: "Role", roleName: "r",
                        subjects: [RBACSubject(kind: "ServiceAccount", name: "kube-lego")]),
        ])
        #expect(allowed(policy, attributes("get", "secrets", ns: "kube-lego", name: "x")))
    }

    @Test func aBindingToAMissingRoleGrantsNothing() {
        let policy = RBACPolicy(bindings: [RBACBinding(name: "b", namespace: nil, roleKind: "ClusterRole", roleName: "gone",
            subjects: [RBACSubject(kind: "ServiceAccount", name: "kube-lego", namespace: "kube-lego")])])
        #expect(!allowed(policy, attributes("get", "secrets", ns: "a", name: "x")))
    }

    @Test func discoveryIsOpenToAuthenticatedUsersAndOtherPathsNeedNonResourceURLs() {
        #expect(allowed(RBACPolicy(), RBACAttributes(verb: "get", path: "/version")))
        #expect(allowed(RBACPolicy(), RBACAttributes(verb: "get", path: "/apis/networking.k8s.io/v1")))
        #expect(!allowed(RBACPolicy(), RBACAttributes(verb: "get", path: "/metrics")))
        let metrics = clusterPolicy([RBACRule(verbs: ["get"], nonResourceURLs: ["/metrics*"])])
        #expect(allowed(metrics, RBACAttributes(verb: "get", path: "/metrics/cadvisor")))
        #expect(!allowed(metrics, RBACAttributes(verb: "post", path: "/metrics")))
    }

    @Test func mastersMayDoAnything() {
        #expect(allowed(RBACPolicy(), attributes("delete", "namespaces", name: "kube-system"), as: .admin))
    }

    @Test func forbiddenMessagesReadLikeKubeAPIServers() {
        #expect(RBACAuthorizer.forbiddenMessage(user, attributes("list", "secrets"))
            == #"secrets is forbidden: User "system:serviceaccount:kube-lego:kube-lego" cannot list resource "secrets" in API group "" at the cluster scope"#)
        #expect(RBACAuthorizer.forbiddenMessage(user, attributes("update", "ingresses", group: "networking.k8s.io", sub: "status", ns: "shop", name: "web"))
            == #"ingresses.networking.k8s.io "web" is forbidden: User "system:serviceaccount:kube-lego:kube-lego" cannot update resource "ingresses/status" in API group "networking.k8s.io" in the namespace "shop""#)
    }

    @Test func grantsExpandRulesAndCoverWhatTheyAllow() {
        let subject = RBACSubject(kind: "ServiceAccount", name: "kube-lego", namespace: "kube-lego")
        let policy = RBACPolicy(
            roles: ["kube-lego/r": [RBACRule(verbs: ["get", "update"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["s"])]],
            clusterRoles: ["cr": [RBACRule(verbs: ["list", "watch"], apiGroups: ["", "networking.k8s.io"], resources: ["secrets"])]],
            bindings: [
                RBACBinding(name: "b", namespace: "kube-lego", roleKind: "Role", roleName: "r", subjects: [subject]),
                RBACBinding(name: "cb", namespace: nil, roleKind: "ClusterRole", roleName: "cr", subjects: [subject]),
            ])
        let grants = policy.grants(of: user)
        #expect(grants.count == 6)
        let get = grants.first { $0.verb == "get" }
        #expect(get != nil)
        #expect(get?.covers(attributes("get", "configmaps", ns: "kube-lego", name: "s")) == true)
        #expect(get?.covers(attributes("get", "configmaps", ns: "kube-lego", name: "t")) == false)
        #expect(get?.covers(attributes("get", "configmaps", ns: "apps", name: "s")) == false)
        #expect(grants.first { $0.verb == "watch" && $0.apiGroup == "" }?.covers(attributes("watch", "secrets")) == true)
        #expect(policy.grants(of: RBACUser(serviceAccount: SandboxServiceAccount(namespace: "x", name: "y"))).isEmpty)
    }
}
