import Foundation
import KubeLegoTLS
import KubeLegoTestKit
import Testing

@Suite struct JWSTests {
    static let signingInput = Array("eyJhbGciOiJFUzI1NiJ9.eyJob2xhIjoibXVuZG8ifQ".utf8)

    /// Verifies `signature` over `input` with the openssl CLI; returns whether it said "Verified OK".
    func cliVerifies(_ signature: [UInt8], over input: [UInt8], key: PrivateKey, in directory: URL) throws -> Bool {
        try write(Data(try key.pemPKCS8().utf8), to: "key.pem", in: directory)
        try openssl("pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem", in: directory)
        try write(Data(input), to: "input.bin", in: directory)
        let der = key.jwsAlgorithm.hasPrefix("ES") ? Self.derSignature(raw: signature) : signature
        try write(Data(der), to: "signature.bin", in: directory)
        let digest = key.jwsAlgorithm == "ES384" ? "-sha384" : "-sha256"
        let result = try TestCA.run(
            ["dgst", digest, "-verify", "pub.pem", "-signature", "signature.bin", "input.bin"],
            in: directory
        )
        return result.status == 0 && result.text.contains("Verified OK")
    }

    /// DER ECDSA-Sig-Value from JWS's r || s.
    static func derSignature(raw: [UInt8]) -> [UInt8] {
        func integer(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            var magnitude = Array(bytes.drop { $0 == 0 })
            if magnitude.isEmpty || magnitude[0] & 0x80 != 0 { magnitude.insert(0, at: 0) }
            return [0x02, UInt8(magnitude.count)] + magnitude
        }
        let half = raw.count / 2
        let body = integer(raw[..<half]) + integer(raw[half...])
        return [0x30, UInt8(body.count)] + body
    }

    @Test(arguments: KeyType.allCases)
    func signaturesVerifyWithTheOpenSSLCLI(_ type: KeyType) throws {
        let key = try PrivateKey.generate(type)
        let signature = try key.signJWS(Self.signingInput)
        switch key.algorithm {
        case .rsa(let bits): #expect(signature.count == bits / 8)
        case .ecdsaP256: #expect(signature.count == 64)
        case .ecdsaP384: #expect(signature.count == 96)
        }
        try withScratchDirectory { directory in
            let verified = try cliVerifies(signature, over: Self.signingInput, key: key, in: directory)
            #expect(verified)
            var tampered = Self.signingInput
            tampered[0] ^= 1
            let tamperedVerified = try cliVerifies(signature, over: tampered, key: key, in: directory)
            #expect(!tamperedVerified)
        }
    }

    @Test func rsaSignaturesAreDeterministicPKCS1v15() throws {
        let key = try PrivateKey.generate(.rsa2048)
        #expect(try key.signJWS(Self.signingInput) == key.signJWS(Self.signingInput))
    }

    @Test func ecdsaSignaturesAreRandomized() throws {
        let key = try PrivateKey.generate(.ec256)
        #expect(try key.signJWS(Self.signingInput) != key.signJWS(Self.signingInput))
    }

    @Test func signsAnEmptyInput() throws {
        let key = try PrivateKey.generate(.ec384)
        let signature = try key.signJWS([])
        try withScratchDirectory { directory in
            let verified = try cliVerifies(signature, over: [], key: key, in: directory)
            #expect(verified)
        }
    }

    @Test func signsWithAKeyReadFromTheCLI() throws {
        try withScratchDirectory { directory in
            try openssl("genrsa", "-out", "cli.pem", "2048", in: directory)
            let key = try PrivateKey(pem: try read("cli.pem", in: directory))
            let signature = try key.signJWS(Self.signingInput)
            #expect(try cliVerifies(signature, over: Self.signingInput, key: key, in: directory))
        }
    }
}
