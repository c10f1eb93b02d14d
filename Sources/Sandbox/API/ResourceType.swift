/// One kind of object the sandbox serves: where it lives in the API and how it behaves.
struct ResourceType: Sendable, Hashable {
    /// API group; empty for the core ("legacy") group.
    let group: String
    /// API version inside the group.
    let version: String
    /// Plural resource name used in paths (`ingresses`).
    let plural: String
    /// Singular resource name (`ingress`).
    let singular: String
    /// Object kind (`Ingress`).
    let kind: String
    /// Whether objects live inside a namespace.
    let namespaced: Bool
    /// kubectl short names (`ing`).
    let shortNames: [String]
    /// Whether `metadata.generation` is kept and bumped when `spec` changes.
    let tracksGeneration: Bool
    /// Whether `status` is a subresource (the main resource ignores status writes).
    let hasStatusSubresource: Bool

    /// `group/version`, or just `version` for the core group.
    var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    /// The kind of a list of these objects.
    var listKind: String { kind + "List" }
    /// Path prefix of the group-version (`/api/v1` or `/apis/<group>/<version>`).
    var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }
}

extension ResourceType {
    static let namespace = ResourceType(
        group: "", version: "v1", plural: "namespaces", singular: "namespace", kind: "Namespace",
        namespaced: false, shortNames: ["ns"], tracksGeneration: false, hasStatusSubresource: true)
    static let secret = ResourceType(
        group: "", version: "v1", plural: "secrets", singular: "secret", kind: "Secret",
        namespaced: true, shortNames: [], tracksGeneration: false, hasStatusSubresource: false)
    static let service = ResourceType(
        group: "", version: "v1", plural: "services", singular: "service", kind: "Service",
        namespaced: true, shortNames: ["svc"], tracksGeneration: false, hasStatusSubresource: true)
    static let endpoints = ResourceType(
        group: "", version: "v1", plural: "endpoints", singular: "endpoints", kind: "Endpoints",
        namespaced: true, shortNames: ["ep"], tracksGeneration: false, hasStatusSubresource: false)
    static let configMap = ResourceType(
        group: "", version: "v1", plural: "configmaps", singular: "configmap", kind: "ConfigMap",
        namespaced: true, shortNames: ["cm"], tracksGeneration: false, hasStatusSubresource: false)
    static let event = ResourceType(
        group: "", version: "v1", plural: "events", singular: "event", kind: "Event",
        namespaced: true, shortNames: ["ev"], tracksGeneration: false, hasStatusSubresource: false)
    static let ingress = ResourceType(
        group: "networking.k8s.io", version: "v1", plural: "ingresses", singular: "ingress", kind: "Ingress",
        namespaced: true, shortNames: ["ing"], tracksGeneration: true, hasStatusSubresource: true)
    static let ingressClass = ResourceType(
        group: "networking.k8s.io", version: "v1", plural: "ingressclasses", singular: "ingressclass",
        kind: "IngressClass", namespaced: false, shortNames: [], tracksGeneration: true, hasStatusSubresource: false)
    static let lease = ResourceType(
        group: "coordination.k8s.io", version: "v1", plural: "leases", singular: "lease", kind: "Lease",
        namespaced: true, shortNames: [], tracksGeneration: false, hasStatusSubresource: false)

    static let serviceAccount = ResourceType(
        group: "", version: "v1", plural: "serviceaccounts", singular: "serviceaccount", kind: "ServiceAccount",
        namespaced: true, shortNames: ["sa"], tracksGeneration: false, hasStatusSubresource: false)
    /// Stored only (nothing runs its pods): so the deploy/ manifests load whole.
    static let deployment = ResourceType(
        group: "apps", version: "v1", plural: "deployments", singular: "deployment", kind: "Deployment",
        namespaced: true, shortNames: ["deploy"], tracksGeneration: true, hasStatusSubresource: true)
    /// Stored only (no eviction API): so the deploy/ manifests load whole.
    static let podDisruptionBudget = ResourceType(
        group: "policy", version: "v1", plural: "poddisruptionbudgets", singular: "poddisruptionbudget", kind: "PodDisruptionBudget",
        namespaced: true, shortNames: ["pdb"], tracksGeneration: true, hasStatusSubresource: true)
    static let role = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", plural: "roles", singular: "role", kind: "Role",
        namespaced: true, shortNames: [], tracksGeneration: false, hasStatusSubresource: false)
    static let roleBinding = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", plural: "rolebindings", singular: "rolebinding",
        kind: "RoleBinding", namespaced: true, shortNames: [], tracksGeneration: false, hasStatusSubresource: false)
    static let clusterRole = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", plural: "clusterroles", singular: "clusterrole",
        kind: "ClusterRole", namespaced: false, shortNames: [], tracksGeneration: false, hasStatusSubresource: false)
    static let clusterRoleBinding = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", plural: "clusterrolebindings", singular: "clusterrolebinding",
        kind: "ClusterRoleBinding", namespaced: false, shortNames: [], tracksGeneration: false, hasStatusSubresource: false)

    /// Every resource the sandbox serves, in discovery order.
    static let all: [ResourceType] = [
        .namespace, .secret, .service, .endpoints, .configMap, .event, .serviceAccount, .ingress, .ingressClass, .lease,
        .deployment, .podDisruptionBudget, .role, .roleBinding, .clusterRole, .clusterRoleBinding,
        .gateway, .gatewayClass, .httpRoute, .referenceGrant,
    ]

    /// The resource served at `plural` inside the group-version, if any.
    static func find(group: String, version: String, plural: String) -> ResourceType? {
        all.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    /// The resource for a kind name, matched case-insensitively against kind, plural, singular and short names.
    static func find(kind: String) -> ResourceType? {
        let wanted = kind.lowercased()
        return all.first {
            $0.kind.lowercased() == wanted || $0.plural == wanted || $0.singular == wanted
                || $0.shortNames.contains(wanted)
        }
    }

    /// The resource of an object given its `apiVersion` and `kind`.
    static func find(apiVersion: String, kind: String) -> ResourceType? {
        all.first { $0.apiVersion == apiVersion && $0.kind == kind }
    }
}
