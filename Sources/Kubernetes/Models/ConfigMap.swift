/// A core/v1 ConfigMap.
public struct ConfigMap: KubeResource {
    /// core/v1 `configmaps`.
    public static let resourceKind = ResourceKind.configMap
    /// The whole object; unknown fields survive edits.
    public var raw: JSONObject

    /// Wraps a raw ConfigMap.
    public init(raw: JSONObject) {
        self.raw = raw
    }

    /// `data`: string values; edits keep the other keys in place.
    public var data: StringMap {
        get { StringMap(raw: raw["data"]?.objectValue ?? [:]) }
        set { raw["data"] = .object(newValue.raw) }
    }
}
