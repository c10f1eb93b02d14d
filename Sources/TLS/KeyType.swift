/// The kinds of private key kube-lego generates.
public enum KeyType: String, Sendable, CaseIterable, Codable {
    /// RSA with a 2048-bit modulus.
    case rsa2048
    /// RSA with a 3072-bit modulus.
    case rsa3072
    /// RSA with a 4096-bit modulus.
    case rsa4096
    /// ECDSA on NIST P-256.
    case ec256
    /// ECDSA on NIST P-384.
    case ec384

    /// The algorithm a key of this type has.
    var algorithm: KeyAlgorithm {
        switch self {
        case .rsa2048: .rsa(bits: 2048)
        case .rsa3072: .rsa(bits: 3072)
        case .rsa4096: .rsa(bits: 4096)
        case .ec256: .ecdsaP256
        case .ec384: .ecdsaP384
        }
    }
}
