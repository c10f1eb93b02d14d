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

/// One entry of `subsets` of an Endpoints object.
public struct EndpointSubset: JSONObjectView {
    /// The raw subset.
    public var raw: JSONObject
    /// Wraps a raw subset.
    public init(raw: JSONObject) { self.raw = raw }

    /// The `ip` of each entry in `addresses` (ready endpoints).
    public var addresses: [String] {
        raw["addresses"]?.arrayValue?.compactMap { $0["ip"]?.stringValue } ?? []
    }

    /// The `ip` of each entry in `notReadyAddresses`.
    public var notReadyAddresses: [String] {
        raw["notReadyAddresses"]?.arrayValue?.compactMap { $0["ip"]?.stringValue } ?? []
    }

    /// The `(name, port)` of each entry in `ports`.
    public var ports: [(name: String?, port: Int)] {
        raw["ports"]?.arrayValue?.compactMap { entry in
            entry["port"]?.intValue.map { (entry["name"]?.stringValue, $0) }
        } ?? []
    }
}
