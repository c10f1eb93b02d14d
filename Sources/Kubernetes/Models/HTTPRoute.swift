/// A gateway.networking.k8s.io/v1 HTTPRoute. Its spec is read and written as JSON (`raw`): kube-lego writes
/// whole specs of its own routes and never edits a user's.
public struct HTTPRoute: KubeResource {
    /// gateway.networking.k8s.io/v1 `httproutes`.
    public static let resourceKind = ResourceKind.httpRoute
    /// The whole object; unknown fields survive edits.
    public var raw: JSONObject

    /// Wraps a raw HTTPRoute.
    public init(raw: JSONObject) {
        self.raw = raw
    }

    /// `spec`, replaced whole.
    public var routeSpec: JSONObject {
        get { spec }
        set { spec = newValue }
    }
}

/// A gateway.networking.k8s.io/v1beta1 ReferenceGrant: lets objects of other namespaces refer to objects in
/// its own (here: HTTPRoutes in a Gateway's namespace to kube-lego's challenge Service).
public struct ReferenceGrant: KubeResource {
    /// gateway.networking.k8s.io/v1beta1 `referencegrants`.
    public static let resourceKind = ResourceKind.referenceGrant
    /// The whole object; unknown fields survive edits.
    public var raw: JSONObject

    /// Wraps a raw ReferenceGrant.
    public init(raw: JSONObject) {
        self.raw = raw
    }

    /// `spec`, replaced whole.
    public var grantSpec: JSONObject {
        get { spec }
        set { spec = newValue }
    }
}
