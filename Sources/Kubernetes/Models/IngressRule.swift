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
