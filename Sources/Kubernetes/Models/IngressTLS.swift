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
