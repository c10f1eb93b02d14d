/// An Ingress backend: a Service and port (a `resource` backend is kept raw).
public struct IngressBackend: JSONObjectView {
    /// The raw backend.
    public var raw: JSONObject
    /// Wraps a raw backend.
    public init(raw: JSONObject) { self.raw = raw }
    /// A backend pointing at `serviceName` on `port`.
    public init(serviceName: String, port: ServicePortReference) {
        raw = [:]
        self.serviceName = serviceName
        self.servicePort = port
    }

    /// `service.name`.
    public var serviceName: String? {
        get { raw["service"]?.objectValue?["name"]?.stringValue }
        set {
            var service = raw["service"]?.objectValue ?? [:]
            service["name"] = newValue.map(JSONValue.string)
            raw["service"] = .object(service)
        }
    }

    /// `service.port`: by number or by name.
    public var servicePort: ServicePortReference? {
        get {
            guard let port = raw["service"]?.objectValue?["port"]?.objectValue else { return nil }
            if let number = port["number"]?.intValue { return .number(number) }
            if let name = port["name"]?.stringValue { return .name(name) }
            return nil
        }
        set {
            var service = raw["service"]?.objectValue ?? [:]
            switch newValue {
            case nil: service["port"] = nil
            case .number(let number): service["port"] = .object(["number": .int(number)])
            case .name(let name): service["port"] = .object(["name": .string(name)])
            }
            raw["service"] = .object(service)
        }
    }
}
