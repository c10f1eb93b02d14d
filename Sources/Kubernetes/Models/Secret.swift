import Foundation

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

/// The `data` map of a Secret: base64 text in JSON, bytes through the subscript.
public struct SecretData: JSONObjectView {
    /// The raw map of base64 strings.
    public var raw: JSONObject
    /// Wraps a raw `data` map.
    public init(raw: JSONObject) { self.raw = raw }

    /// The decoded bytes for `key` (nil when absent or not valid base64); setting nil removes the key.
    public subscript(key: String) -> [UInt8]? {
        get {
            guard let text = raw[key]?.stringValue, let data = Data(base64Encoded: text) else { return nil }
            return [UInt8](data)
        }
        set { raw[key] = newValue.map { .string(Data($0).base64EncodedString()) } }
    }

    /// The keys in order.
    public var keys: [String] { raw.keys }
}
