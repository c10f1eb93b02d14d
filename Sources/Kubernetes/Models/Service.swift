/// A core/v1 Service.
public struct Service: KubeResource {
    /// core/v1 `services`.
    public static let resourceKind = ResourceKind.service
    /// The whole object; unknown fields survive edits.
    public var raw: JSONObject

    /// Wraps a raw Service.
    public init(raw: JSONObject) {
        self.raw = raw
    }

    /// `spec.type`: `ClusterIP`, `NodePort`, `LoadBalancer` or `ExternalName`.
    public var type: String? {
        get { spec["type"]?.stringValue }
        set { spec["type"] = newValue.map(JSONValue.string) }
    }

    /// `spec.selector`: the labels of the Pods behind the Service.
    public var selector: StringMap {
        get { StringMap(raw: spec["selector"]?.objectValue ?? [:]) }
        set { spec["selector"] = .object(newValue.raw) }
    }

    /// `spec.ports`.
    public var ports: [ServicePort] {
        get { spec.views("ports") }
        set { spec.setViews("ports", newValue) }
    }
}
