/// One entry of a Service's `spec.ports`.
public struct ServicePort: JSONObjectView {
    /// The raw entry.
    public var raw: JSONObject
    /// Wraps a raw entry.
    public init(raw: JSONObject) { self.raw = raw }
    /// A new TCP port entry.
    public init(name: String?, port: Int, targetPort: Int? = nil) {
        raw = [:]
        self.name = name
        self.port = port
        if let targetPort { raw["targetPort"] = .int(targetPort) }
    }

    /// `name`.
    public var name: String? {
        get { raw["name"]?.stringValue }
        set { raw["name"] = newValue.map(JSONValue.string) }
    }

    /// `port`, the Service's own port.
    public var port: Int? {
        get { raw["port"]?.intValue }
        set { raw["port"] = newValue.map(JSONValue.int) }
    }

    /// `targetPort` as number or name.
    public var targetPort: ServicePortReference? {
        if let number = raw["targetPort"]?.intValue { return .number(number) }
        return raw["targetPort"]?.stringValue.map(ServicePortReference.name)
    }

    /// `nodePort`, for NodePort and LoadBalancer Services.
    public var nodePort: Int? {
        get { raw["nodePort"]?.intValue }
        set { raw["nodePort"] = newValue.map(JSONValue.int) }
    }

    /// `protocol` (TCP when absent).
    public var transportProtocol: String { raw["protocol"]?.stringValue ?? "TCP" }
}
