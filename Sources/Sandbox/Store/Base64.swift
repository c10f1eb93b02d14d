import Foundation

/// Standard base64 with padding, as Kubernetes encodes `[]byte` fields.
enum Base64 {
    /// Encodes bytes.
    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Decodes text, or nil when it is not valid padded standard base64.
    static func decode(_ text: String) -> [UInt8]? { Data(base64Encoded: text).map { Array($0) } }
}
