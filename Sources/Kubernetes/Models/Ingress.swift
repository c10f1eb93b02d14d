/// A networking.k8s.io/v1 Ingress.
public struct Ingress: KubeResource {
    /// networking.k8s.io/v1 `ingresses`.
    public static let resourceKind = ResourceKind.ingress
    /// The whole object; unknown fields survive edits.
    public var raw: JSONObject

    /// Wraps a raw Ingress.
    public init(raw: JSONObject) {
        self.raw = raw
    }

    /// `spec.ingressClassName`.
    public var ingressClassName: String? {
        get { spec["ingressClassName"]?.stringValue }
        set { spec["ingressClassName"] = newValue.map(JSONValue.string) }
    }

    /// `spec.tls`: which hosts are served with which certificate Secret.
    public var tls: [IngressTLS] {
        get { spec.views("tls") }
        set { spec.setViews("tls", newValue) }
    }

    /// `spec.rules`: host and path routing.
    public var rules: [IngressRule] {
        get { spec.views("rules") }
        set { spec.setViews("rules", newValue) }
    }

    /// `spec.defaultBackend`.
    public var defaultBackend: IngressBackend? {
        get { spec.view("defaultBackend") }
        set { spec["defaultBackend"] = newValue.map { .object($0.raw) } }
    }
}
