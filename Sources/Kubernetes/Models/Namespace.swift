/// A core/v1 Namespace (cluster-scoped); kube-lego reads only its labels.
public struct Namespace: KubeResource {
    /// core/v1 `namespaces`.
    public static let resourceKind = ResourceKind.namespace
    /// The whole object; unknown fields survive edits.
    public var raw: JSONObject

    /// Wraps a raw Namespace.
    public init(raw: JSONObject) {
        self.raw = raw
    }
}
