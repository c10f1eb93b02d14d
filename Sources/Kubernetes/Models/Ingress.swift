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

/// One entry of `spec.tls` of an Ingress.
public struct IngressTLS: JSONObjectView {
    /// The raw entry.
    public var raw: JSONObject
    /// Wraps a raw entry.
    public init(raw: JSONObject) { self.raw = raw }
    /// A new entry for `hosts` stored in `secretName`.
    public init(hosts: [String], secretName: String?) {
        raw = [:]
        self.hosts = hosts
        self.secretName = secretName
    }

    /// `hosts`.
    public var hosts: [String] {
        get { raw.strings("hosts") }
        set { raw["hosts"] = .array(newValue.map(JSONValue.string)) }
    }

    /// `secretName`.
    public var secretName: String? {
        get { raw["secretName"]?.stringValue }
        set { raw["secretName"] = newValue.map(JSONValue.string) }
    }
}

/// One entry of `spec.rules` of an Ingress.
public struct IngressRule: JSONObjectView {
    /// The raw rule.
    public var raw: JSONObject
    /// Wraps a raw rule.
    public init(raw: JSONObject) { self.raw = raw }
    /// A new rule for `host` with the given paths.
    public init(host: String?, paths: [HTTPIngressPath]) {
        raw = [:]
        self.host = host
        self.paths = paths
    }

    /// `host`; nil matches every host.
    public var host: String? {
        get { raw["host"]?.stringValue }
        set { raw["host"] = newValue.map(JSONValue.string) }
    }

    /// `http.paths`.
    public var paths: [HTTPIngressPath] {
        get { raw["http"]?.objectValue?.views("paths") ?? [] }
        set {
            var http = raw["http"]?.objectValue ?? [:]
            http.setViews("paths", newValue)
            raw["http"] = .object(http)
        }
    }
}

/// One entry of `http.paths` of an Ingress rule.
public struct HTTPIngressPath: JSONObjectView {
    /// The raw path entry.
    public var raw: JSONObject
    /// Wraps a raw path entry.
    public init(raw: JSONObject) { self.raw = raw }
    /// A new path entry routing `path` to `backend`.
    public init(path: String, pathType: String = "ImplementationSpecific", backend: IngressBackend) {
        raw = [:]
        self.path = path
        self.pathType = pathType
        self.backend = backend
    }

    /// `path`.
    public var path: String? {
        get { raw["path"]?.stringValue }
        set { raw["path"] = newValue.map(JSONValue.string) }
    }

    /// `pathType`: `Exact`, `Prefix` or `ImplementationSpecific`.
    public var pathType: String? {
        get { raw["pathType"]?.stringValue }
        set { raw["pathType"] = newValue.map(JSONValue.string) }
    }

    /// `backend`.
    public var backend: IngressBackend {
        get { raw.view("backend") ?? IngressBackend(raw: [:]) }
        set { raw["backend"] = .object(newValue.raw) }
    }
}

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

/// A reference to a Service port, by number or by name.
public enum ServicePortReference: Sendable, Hashable {
    /// The port number.
    case number(Int)
    /// The port's name.
    case name(String)
}
