/// The Gateway API kinds (gateway.networking.k8s.io), served as kube-apiserver serves their CRDs: the
/// standard-channel versions, scopes, short names and status subresources of the upstream CRD manifests.
extension ResourceType {
    /// The Gateway API group.
    static let gatewayAPIGroup = "gateway.networking.k8s.io"

    /// `gateway.networking.k8s.io/v1` Gateway: listeners of a class; generation bumps on spec changes.
    static let gateway = ResourceType(
        group: gatewayAPIGroup, version: "v1", plural: "gateways", singular: "gateway", kind: "Gateway",
        namespaced: true, shortNames: ["gtw"], tracksGeneration: true, hasStatusSubresource: true)
    /// `gateway.networking.k8s.io/v1` GatewayClass: cluster-scoped, names the controller of its Gateways.
    static let gatewayClass = ResourceType(
        group: gatewayAPIGroup, version: "v1", plural: "gatewayclasses", singular: "gatewayclass", kind: "GatewayClass",
        namespaced: false, shortNames: ["gc"], tracksGeneration: true, hasStatusSubresource: true)
    /// `gateway.networking.k8s.io/v1` HTTPRoute: hostnames, matches and backends, attached to Gateways.
    static let httpRoute = ResourceType(
        group: gatewayAPIGroup, version: "v1", plural: "httproutes", singular: "httproute", kind: "HTTPRoute",
        namespaced: true, shortNames: [], tracksGeneration: true, hasStatusSubresource: true)
    /// `gateway.networking.k8s.io/v1beta1` ReferenceGrant: lets objects of other namespaces refer to this one's.
    static let referenceGrant = ResourceType(
        group: gatewayAPIGroup, version: "v1beta1", plural: "referencegrants", singular: "referencegrant",
        kind: "ReferenceGrant", namespaced: true, shortNames: ["refgrant"], tracksGeneration: true,
        hasStatusSubresource: false)
}
