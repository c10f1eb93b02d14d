/// A networking.k8s.io/v1 IngressClass (cluster-scoped).
public struct IngressClass: KubeResource {
    /// networking.k8s.io/v1 `ingressclasses`.
    public static let resourceKind = ResourceKind.ingressClass
    /// The annotation marking the class used for Ingresses that name none.
    public static let isDefaultClassAnnotation = "ingressclass.kubernetes.io/is-default-class"
    /// The whole object; unknown fields survive edits.
    public var raw: JSONObject

    /// Wraps a raw IngressClass.
    public init(raw: JSONObject) {
        self.raw = raw
    }

    /// `spec.controller`, e.g. `k8s.io/ingress-nginx`.
    public var controller: String? {
        get { spec["controller"]?.stringValue }
        set { spec["controller"] = newValue.map(JSONValue.string) }
    }

    /// Whether the is-default-class annotation is `"true"`.
    public var isDefaultClass: Bool {
        get { metadata.annotations[Self.isDefaultClassAnnotation] == "true" }
        set { metadata.annotations[Self.isDefaultClassAnnotation] = newValue ? "true" : nil }
    }
}
