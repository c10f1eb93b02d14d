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
