/// Base64url (RFC 4648 §5) without padding, as JOSE (JWS, JWK) uses it.
public enum Base64URL {
    /// Encodes bytes without padding.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Base64Codec.encode(bytes, alphabet: .url, padded: false)
    }

    /// Encodes a string's UTF-8 bytes without padding.
    public static func encode(_ string: String) -> String {
        encode(string.utf8)
    }

    /// Decodes text with or without padding; nil when it has a character outside the alphabet or an impossible length.
    public static func decode(_ text: String) -> [UInt8]? {
        Base64Codec.decode(text.utf8, alphabet: .url)
    }
}
