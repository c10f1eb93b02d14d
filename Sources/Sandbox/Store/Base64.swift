import Foundation

/// Standard base64 with padding, as Kubernetes encodes `[]byte` fields.
enum Base64 {
    /// Encodes bytes.
    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Decodes text, or nil when it is not valid padded standard base64.
    static func decode(_ text: String) -> [UInt8]? { Data(base64Encoded: text).map { Array($0) } }

    /// Encodes bytes as URL-safe base64 without padding (continue tokens travel in query strings).
    static func encodeURLSafe(_ bytes: [UInt8]) -> String {
        String(encode(bytes).compactMap { character -> Character? in
            switch character {
            case "+": "-"
            case "/": "_"
            case "=": nil
            default: character
            }
        })
    }

    /// Decodes URL-safe base64 with or without padding, or nil.
    static func decodeURLSafe(_ text: String) -> [UInt8]? {
        var standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while standard.count % 4 != 0 { standard.append("=") }
        return decode(standard)
    }
}
