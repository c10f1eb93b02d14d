/// A core/v1 Endpoints object: the addresses behind a Service.
public struct Endpoints: KubeResource {
    /// core/v1 `endpoints`.
    public static let resourceKind = ResourceKind.endpoints
    /// The whole object; unknown fields survive edits.
    public var raw: JSONObject

    /// Wraps a raw Endpoints object.
    public init(raw: JSONObject) {
        self.raw = raw
    }

    /// `subsets`.
    public var subsets: [EndpointSubset] {
        get { raw.views("subsets") }
        set { raw.setViews("subsets", newValue) }
    }
}
