/// A public JSON Web Key (RFC 7517) holding exactly the members RFC 7638 thumbprints need.
public struct JWK: Sendable, Equatable {
    /// The key type: "RSA" or "EC".
    public let kty: String
    /// The required members sorted by name (RSA: e, kty, n; EC: crv, kty, x, y); numbers are base64url.
    public let members: [(name: String, value: String)]

    /// An RSA public key from its big-endian modulus and public exponent.
    public static func rsa(modulus: [UInt8], exponent: [UInt8]) -> JWK {
        JWK(kty: "RSA", members: [
            ("e", Base64URL.encode(exponent.drop { $0 == 0 })),
            ("kty", "RSA"),
            ("n", Base64URL.encode(modulus.drop { $0 == 0 })),
        ])
    }

    /// An EC public key from its curve name ("P-256", "P-384") and fixed-size big-endian coordinates.
    public static func ec(curve: String, x: [UInt8], y: [UInt8]) -> JWK {
        JWK(kty: "EC", members: [
            ("crv", curve),
            ("kty", "EC"),
            ("x", Base64URL.encode(x)),
            ("y", Base64URL.encode(y)),
        ])
    }

    private init(kty: String, members: [(name: String, value: String)]) {
        self.kty = kty
        self.members = members
    }

    /// The members as compact JSON in their sorted order with no whitespace: exactly RFC 7638's hash input.
    public var json: String {
        "{" + members.map { "\"\(Self.escape($0.name))\":\"\(Self.escape($0.value))\"" }.joined(separator: ",") + "}"
    }

    /// The RFC 7638 thumbprint: base64url(SHA-256(json)).
    public var thumbprint: String {
        Base64URL.encode(Digest.sha256(json.utf8))
    }

    /// Two keys are equal when their members are.
    public static func == (lhs: JWK, rhs: JWK) -> Bool {
        lhs.kty == rhs.kty && lhs.members.elementsEqual(rhs.members) { $0.name == $1.name && $0.value == $1.value }
    }

    /// JSON string escaping; base64url values and member names never need it, but a curve name is data.
    private static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
