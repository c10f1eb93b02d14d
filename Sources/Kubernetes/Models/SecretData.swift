#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
