public import KubeLegoKube

/// The Gateway API objects `NginxConfigRenderer` routes by, as the raw JSON the API server stores (read by the
/// sandbox itself: no typed models needed), with the Namespaces whose labels listener selectors test.
public struct NginxGatewayObjects: Sendable {
    /// `gateway.networking.k8s.io` Gateways.
    public var gateways: [JSONObject]
    /// `gateway.networking.k8s.io` HTTPRoutes.
    public var httpRoutes: [JSONObject]
    /// `gateway.networking.k8s.io` ReferenceGrants.
    public var referenceGrants: [JSONObject]
    /// core/v1 Namespaces.
    public var namespaces: [JSONObject]

    /// A set of objects; nothing by default.
    public init(
        gateways: [JSONObject] = [], httpRoutes: [JSONObject] = [], referenceGrants: [JSONObject] = [],
        namespaces: [JSONObject] = []
    ) {
        self.gateways = gateways
        self.httpRoutes = httpRoutes
        self.referenceGrants = referenceGrants
        self.namespaces = namespaces
    }

    /// The HTTPRoute attachments to the Gateways of `classes`.
    func attachments(classes: Set<String>) -> GatewayAttachments {
        var labels: [String: [String: String]] = [:]
        for namespace in namespaces.map(SandboxObject.init(json:)) { labels[namespace.name] = namespace.labels }
        return GatewayAttachments(gateways: gateways.map(GatewayAPI.Gateway.init), routes: httpRoutes.map(GatewayAPI.HTTPRoute.init),
                                  namespaceLabels: labels, classes: classes)
    }
}
