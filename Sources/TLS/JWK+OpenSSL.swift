import CKubeLegoOpenSSL

extension JWK {
    /// The public JWK of an OpenSSL key already classified as `algorithm`.
    init(publicKeyOf key: OpaquePointer, algorithm: KeyAlgorithm) throws(TLSError) {
        switch algorithm {
        case .rsa:
            self = .rsa(
                modulus: try Self.bigNumberParameter("n", of: key, size: nil),
                exponent: try Self.bigNumberParameter("e", of: key, size: nil)
            )
        case .ecdsaP256, .ecdsaP384:
            let size = algorithm.ecCoordinateSize ?? 0
            self = .ec(
                curve: algorithm.jwkCurve ?? "",
                x: try Self.bigNumberParameter("qx", of: key, size: size),
                y: try Self.bigNumberParameter("qy", of: key, size: size)
            )
        }
    }

    /// A big-number key parameter as big-endian bytes: minimal when `size` is nil, else left-padded to `size`.
    private static func bigNumberParameter(_ name: String, of key: OpaquePointer, size: Int?) throws(TLSError) -> [UInt8] {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key, name, &number) == 1, let number else {
            throw .openSSL(.unsupportedKey, "could not read public key parameter \(name)")
        }
        defer { BN_free(number) }
        let length = size ?? Int((BN_num_bits(number) + 7) / 8)
        var bytes = [UInt8](repeating: 0, count: max(length, 1))
        let written = bytes.withUnsafeMutableBufferPointer { BN_bn2binpad(number, $0.baseAddress, Int32($0.count)) }
        guard written == bytes.count else {
            throw .openSSL(.unsupportedKey, "public key parameter \(name) does not fit \(length) bytes")
        }
        return bytes
    }
}
