/// Checks on ACME challenge tokens before they reach a URL path or the token table.
enum ChallengeToken {
    /// True for a non-empty base64url string without padding (RFC 8555 §8.3): `[A-Za-z0-9_-]+`.
    static func isValid(_ token: String) -> Bool {
        !token.isEmpty && token.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                true
            default:
                false
            }
        }
    }
}
