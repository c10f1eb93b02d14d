/// Describes one Kubernetes resource type: where it lives in the API and whether it is namespaced.
///
/// URL building is driven by this descriptor alone, so adding a resource is a matter of declaring one value.
public struct ResourceKind: Sendable, Hashable, CustomStringConvertible {
    /// The API group; empty for the core ("legacy") group served under `/api`.
    public var group: String
    /// The API version within the group, e.g. `v1`.
    public var version: String
    /// The lower-case plural used in URLs, e.g. `ingresses`.
    public var plural: String
    /// The `kind` written in objects, e.g. `Ingress`.
    public var kind: String
    /// Whether objects of this kind live in a namespace.
    public var namespaced: Bool

    /// Declares a resource kind.
    public init(group: String, version: String, plural: String, kind: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.plural = plural
        self.kind = kind
        self.namespaced = namespaced
    }

    /// The `apiVersion` written in objects: `v1` for the core group, `group/version` otherwise.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The `kind` together with the group, e.g. `Ingress.networking.k8s.io`.
    public var description: String { group.isEmpty ? kind : "\(kind).\(group)" }

    /// The path of the collection, e.g. `/apis/networking.k8s.io/v1/namespaces/ns/ingresses`.
    ///
    /// A nil namespace on a namespaced kind addresses the collection across all namespaces.
    public func collectionPath(namespace: String?) -> String {
        let root = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace {
            return "\(root)/namespaces/\(PathSegment.escape(namespace))/\(plural)"
        }
        return "\(root)/\(plural)"
    }

    /// The path of one object, e.g. `/api/v1/namespaces/ns/secrets/name`.
    public func objectPath(namespace: String?, name: String) -> String {
        "\(collectionPath(namespace: namespace))/\(PathSegment.escape(name))"
    }
}

extension ResourceKind {
    /// networking.k8s.io/v1 Ingress.
    public static let ingress = ResourceKind(group: "networking.k8s.io", version: "v1", plural: "ingresses", kind: "Ingress", namespaced: true)
    /// networking.k8s.io/v1 IngressClass (cluster-scoped).
    public static let ingressClass = ResourceKind(
        group: "networking.k8s.io", version: "v1", plural: "ingressclasses", kind: "IngressClass", namespaced: false)
    /// core/v1 Secret.
    public static let secret = ResourceKind(group: "", version: "v1", plural: "secrets", kind: "Secret", namespaced: true)
    /// core/v1 Service.
    public static let service = ResourceKind(group: "", version: "v1", plural: "services", kind: "Service", namespaced: true)
    /// core/v1 Endpoints.
    public static let endpoints = ResourceKind(group: "", version: "v1", plural: "endpoints", kind: "Endpoints", namespaced: true)
    /// core/v1 Event.
    public static let event = ResourceKind(group: "", version: "v1", plural: "events", kind: "Event", namespaced: true)
    /// core/v1 ConfigMap.
    public static let configMap = ResourceKind(group: "", version: "v1", plural: "configmaps", kind: "ConfigMap", namespaced: true)
    /// core/v1 Namespace (cluster-scoped).
    public static let namespace = ResourceKind(group: "", version: "v1", plural: "namespaces", kind: "Namespace", namespaced: false)
    /// coordination.k8s.io/v1 Lease.
    public static let lease = ResourceKind(group: "coordination.k8s.io", version: "v1", plural: "leases", kind: "Lease", namespaced: true)
}

extension ResourceKind {
    /// gateway.networking.k8s.io/v1 Gateway.
    public static let gateway = ResourceKind(group: "gateway.networking.k8s.io", version: "v1", plural: "gateways", kind: "Gateway", namespaced: true)
    /// gateway.networking.k8s.io/v1 HTTPRoute.
    public static let httpRoute = ResourceKind(group: "gateway.networking.k8s.io", version: "v1", plural: "httproutes", kind: "HTTPRoute", namespaced: true)
    /// gateway.networking.k8s.io/v1beta1 ReferenceGrant (v1beta1 is the version every Gateway API release serves).
    public static let referenceGrant = ResourceKind(
        group: "gateway.networking.k8s.io", version: "v1beta1", plural: "referencegrants", kind: "ReferenceGrant", namespaced: true)
}
