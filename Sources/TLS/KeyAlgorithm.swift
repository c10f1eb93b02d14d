/// What a loaded private key is.
public enum KeyAlgorithm: Sendable, Equatable {
    /// RSA with a modulus of `bits` bits.
    case rsa(bits: Int)
    /// ECDSA on NIST P-256 (JWS ES256).
    case ecdsaP256
    /// ECDSA on NIST P-384 (JWS ES384).
    case ecdsaP384

    /// RSA keys accepted when loaded: smaller ones are too weak for any public CA, larger ones impractical.
    static let acceptedRSABits = 2048...8192

    /// Bytes in one coordinate (and in each of r and s of a signature) for the EC curves.
    var ecCoordinateSize: Int? {
        switch self {
        case .rsa: nil
        case .ecdsaP256: 32
        case .ecdsaP384: 48
        }
    }

    /// The JWK `crv` name of the EC curves.
    var jwkCurve: String? {
        switch self {
        case .rsa: nil
        case .ecdsaP256: "P-256"
        case .ecdsaP384: "P-384"
        }
    }

    /// The digest JWS uses with this key.
    var digestName: String {
        self == .ecdsaP384 ? "SHA384" : "SHA256"
    }
}
