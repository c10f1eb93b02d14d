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
