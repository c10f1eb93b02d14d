import Foundation
import KubeLegoTLS
import Testing

@Suite struct PrivateKeyTests {
    @Test(arguments: KeyType.allCases)
    func generatesEachKeyType(_ type: KeyType) throws {
        let key = try PrivateKey.generate(type)
        let expected: (KeyAlgorithm, String, String) = switch type {
        case .rsa2048: (.rsa(bits: 2048), "RS256", "RSA")
        case .rsa3072: (.rsa(bits: 3072), "RS256", "RSA")
        case .rsa4096: (.rsa(bits: 4096), "RS256", "RSA")
        case .ec256: (.ecdsaP256, "ES256", "EC")
        case .ec384: (.ecdsaP384, "ES384", "EC")
        }
        #expect(key.algorithm == expected.0)
        #expect(key.jwsAlgorithm == expected.1)
        #expect(key.publicJWK.kty == expected.2)
        #expect(try PrivateKey.generate(type).publicJWK != key.publicJWK, "two generated keys differ")
    }

    @Test(arguments: KeyType.allCases)
    func roundTripsThroughBothPEMForms(_ type: KeyType) throws {
        let key = try PrivateKey.generate(type)
        let pkcs8 = try key.pemPKCS8()
        let traditional = try key.pemTraditional()
        #expect(pkcs8.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(pkcs8.hasSuffix("-----END PRIVATE KEY-----\n"))
        let label = key.jwsAlgorithm == "RS256" ? "RSA PRIVATE KEY" : "EC PRIVATE KEY"
        #expect(traditional.hasPrefix("-----BEGIN \(label)-----\n"))
        for pem in [pkcs8, traditional] {
            let reread = try PrivateKey(pem: pem)
            #expect(reread.algorithm == key.algorithm)
            #expect(reread.publicJWK == key.publicJWK)
            #expect(try reread.pemPKCS8() == pkcs8)
            #expect(try reread.pemTraditional() == traditional)
        }
    }

    @Test(arguments: KeyType.allCases)
    func writesPEMTheOpenSSLCLIReads(_ type: KeyType) throws {
        let key = try PrivateKey.generate(type)
        try withScratchDirectory { directory in
            for (name, pem) in [("pkcs8.pem", try key.pemPKCS8()), ("traditional.pem", try key.pemTraditional())] {
                try write(Data(pem.utf8), to: name, in: directory)
                let check = try openssl("pkey", "-in", name, "-check", "-noout", in: directory)
                #expect(check.contains("valid"))
            }
        }
    }

    /// Keys from the openssl CLI in PKCS#1, SEC1 and PKCS#8, compared with the CLI's view of their public half.
    @Test func readsKeysTheOpenSSLCLIWrites() throws {
        try withScratchDirectory { directory in
            try openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072", "-out", "rsa-pkcs8.pem", in: directory)
            try openssl("pkey", "-in", "rsa-pkcs8.pem", "-traditional", "-out", "rsa-pkcs1.pem", in: directory)
            try openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", "ec256-sec1-params.pem", in: directory)
            try openssl("ec", "-in", "ec256-sec1-params.pem", "-out", "ec256-sec1.pem", in: directory)
            try openssl("pkey", "-in", "ec256-sec1.pem", "-out", "ec256-pkcs8.pem", in: directory)
            try openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "ec384-pkcs8.pem", in: directory)
            try openssl("ec", "-in", "ec384-pkcs8.pem", "-out", "ec384-sec1.pem", in: directory)

            let rsaPKCS1 = try read("rsa-pkcs1.pem", in: directory)
            #expect(rsaPKCS1.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
            #expect(try read("ec256-sec1-params.pem", in: directory).contains("-----BEGIN EC PARAMETERS-----"))
            #expect(try read("ec384-sec1.pem", in: directory).hasPrefix("-----BEGIN EC PRIVATE KEY-----"))

            let modulus = try openssl("rsa", "-in", "rsa-pkcs8.pem", "-noout", "-modulus", in: directory)
                .replacingOccurrences(of: "Modulus=", with: "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            for name in ["rsa-pkcs8.pem", "rsa-pkcs1.pem"] {
                let key = try PrivateKey(pem: try read(name, in: directory))
                #expect(key.algorithm == .rsa(bits: 3072))
                #expect(key.publicJWK.members.map(\.name) == ["e", "kty", "n"])
                #expect(key.publicJWK.members[0].value == "AQAB")
                #expect(hex(Base64URL.decode(key.publicJWK.members[2].value) ?? []) == modulus)
            }
            for (name, algorithm, curve) in [
                ("ec256-sec1-params.pem", KeyAlgorithm.ecdsaP256, "P-256"), ("ec256-sec1.pem", .ecdsaP256, "P-256"),
                ("ec256-pkcs8.pem", .ecdsaP256, "P-256"), ("ec384-pkcs8.pem", .ecdsaP384, "P-384"),
                ("ec384-sec1.pem", .ecdsaP384, "P-384"),
            ] {
                let key = try PrivateKey(pem: try read(name, in: directory))
                #expect(key.algorithm == algorithm, "\(name)")
                let jwk = key.publicJWK
                #expect(jwk.members.map(\.name) == ["crv", "kty", "x", "y"])
                #expect(jwk.members[0].value == curve)
                // The CLI's uncompressed public point is 04 || x || y.
                let publicDER = try TestCAData.publicKeyDER(of: name, in: directory)
                let point = Array(publicDER.suffix(1 + 2 * (algorithm == .ecdsaP256 ? 32 : 48)))
                let x = Base64URL.decode(jwk.members[2].value) ?? []
                let y = Base64URL.decode(jwk.members[3].value) ?? []
                #expect(point == [0x04] + x + y, "\(name)")
            }
        }
    }

    @Test func writesTheSameKeyMaterialTheCLIHolds() throws {
        try withScratchDirectory { directory in
            try openssl("ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "cli.pem", in: directory)
            let key = try PrivateKey(pem: try read("cli.pem", in: directory))
            try write(Data(try key.pemPKCS8().utf8), to: "ours.pem", in: directory)
            let cliPublic = try openssl("pkey", "-in", "cli.pem", "-pubout", in: directory)
            let ourPublic = try openssl("pkey", "-in", "ours.pem", "-pubout", in: directory)
            #expect(cliPublic == ourPublic)
        }
    }
}

/// Public-key helpers built on the openssl CLI.
enum TestCAData {
    /// DER SubjectPublicKeyInfo of the private key in file `name`.
    static func publicKeyDER(of name: String, in directory: URL) throws -> [UInt8] {
        try openssl("pkey", "-in", name, "-pubout", "-outform", "DER", "-out", "\(name).pub.der", in: directory)
        return Array(try Data(contentsOf: directory.appendingPathComponent("\(name).pub.der")))
    }
}

@Suite("Key generation off the cooperative pool")
struct AsyncKeyGenerationTests {
    @Test("generated(_:) makes a usable key of the requested type on its own thread")
    func generatesOffPool() async throws {
        let key = try await PrivateKey.generated(.rsa2048)
        #expect(key.algorithm == .rsa(bits: 2048))
        let ec = try await PrivateKey.generated(.ec384)
        #expect(ec.algorithm == .ecdsaP384)
    }
}
