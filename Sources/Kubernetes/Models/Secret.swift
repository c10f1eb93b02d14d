/// A core/v1 Secret.
public struct Secret: KubeResource {
    /// core/v1 `secrets`.
    public static let resourceKind = ResourceKind.secret
    /// The whole object; unknown fields survive edits.
    public var raw: JSONObject

    /// Wraps a raw Secret.
    public init(raw: JSONObject) {
        self.raw = raw
    }

    /// `type`, e.g. `kubernetes.io/tls` or `Opaque`; immutable once created.
    public var type: String? {
        get { raw["type"]?.stringValue }
        set { raw["type"] = newValue.map(JSONValue.string) }
    }

    /// `data`: values are base64 on the wire and bytes here; edits keep the other keys in place.
    public var data: SecretData {
        get { SecretData(raw: raw["data"]?.objectValue ?? [:]) }
        set { raw["data"] = .object(newValue.raw) }
    }

    /// `stringData`: write-only plain-text values the server merges into `data`.
    public var stringData: StringMap {
        get { StringMap(raw: raw["stringData"]?.objectValue ?? [:]) }
        set { raw["stringData"] = newValue.isEmpty ? nil : .object(newValue.raw) }
    }
}
