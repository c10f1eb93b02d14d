import Foundation
import KubeLegoTLS
import Testing

@Suite struct PrivateKeyRejectionTests {
    func error(reading pem: String) -> TLSError? {
        #expect(throws: TLSError.self) { try PrivateKey(pem: pem) }
    }

    @Test func rejectsEncryptedPKCS8WithoutPrompting() throws {
        try withScratchDirectory { directory in
            try openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "plain.pem", in: directory)
            let encrypted = try openssl("pkey", "-in", "plain.pem", "-aes256", "-passout", "pass:x", in: directory)
            #expect(encrypted.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
            let failure = error(reading: encrypted)
            #expect(failure?.code == .encryptedKey)
            #expect(failure?.reason.contains("encrypted") == true)
        }
    }

    @Test func rejectsEncryptedTraditionalPEM() throws {
        try withScratchDirectory { directory in
            try openssl("genrsa", "-out", "plain.pem", "2048", in: directory)
            let encrypted = try openssl("rsa", "-in", "plain.pem", "-traditional", "-aes256", "-passout", "pass:x", in: directory)
            #expect(encrypted.contains("Proc-Type: 4,ENCRYPTED"))
            #expect(error(reading: encrypted)?.code == .encryptedKey)
        }
    }

    @Test(arguments: ["", "   \n\t\n"])
    func rejectsEmptyInput(_ text: String) {
        #expect(error(reading: text)?.code == .emptyInput)
    }

    @Test func rejectsGarbage() {
        #expect(error(reading: "this is not a key")?.code == .invalidPEM)
        let badBase64 = "-----BEGIN PRIVATE KEY-----\nnot*base64!\n-----END PRIVATE KEY-----\n"
        #expect(error(reading: badBase64)?.code == .invalidPEM)
        let notADERKey = "-----BEGIN PRIVATE KEY-----\naGVsbG8gd29ybGQ=\n-----END PRIVATE KEY-----\n"
        let failure = error(reading: notADERKey)
        #expect(failure?.code == .invalidPEM)
        #expect(failure?.reason.contains("PEM block 1 (PRIVATE KEY)") == true)
    }

    @Test(arguments: KeyType.allCases)
    func rejectsTruncatedKeys(_ type: KeyType) throws {
        let key = try PrivateKey.generate(type)
        for pem in [try key.pemPKCS8(), try key.pemTraditional()] {
            let lines = pem.split(separator: "\n")
            // Cut before the END line, then also keep END but drop body lines.
            let noEnd = lines.dropLast().joined(separator: "\n") + "\n"
            let cutBody = ([lines[0]] + lines[1..<max(2, lines.count / 2)] + [lines[lines.count - 1]]).joined(separator: "\n")
            let halfLine = String(pem.prefix(pem.count / 2))
            #expect(error(reading: noEnd)?.code == .invalidPEM)
            #expect(error(reading: cutBody)?.code == .invalidPEM)
            #expect(error(reading: halfLine)?.code == .invalidPEM)
        }
    }

    @Test func rejectsACertificateWhereAKeyIsExpected() throws {
        try withScratchDirectory { directory in
            let chain = try CLIChain.make(in: directory)
            let failure = error(reading: chain.chainPEM)
            #expect(failure?.code == .invalidPEM)
            #expect(failure?.reason.contains("found 0") == true)
        }
    }

    @Test func rejectsTwoKeysInOneText() throws {
        let one = try PrivateKey.generate(.ec256).pemPKCS8()
        let two = try PrivateKey.generate(.ec256).pemTraditional()
        #expect(error(reading: one + two)?.code == .invalidPEM)
    }

    @Test func acceptsAKeyNextToACertificate() throws {
        try withScratchDirectory { directory in
            let chain = try CLIChain.make(in: directory)
            let key = try PrivateKey(pem: chain.chainPEM + chain.leafKeyPEM)
            #expect(key.algorithm == .rsa(bits: 2048))
        }
    }

    @Test func rejectsOtherAlgorithmsCurvesAndSizes() throws {
        try withScratchDirectory { directory in
            try openssl("genpkey", "-algorithm", "ED25519", "-out", "ed25519.pem", in: directory)
            try openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521", "-out", "p521.pem", in: directory)
            try openssl("ecparam", "-name", "secp256k1", "-genkey", "-noout", "-out", "k256.pem", in: directory)
            try openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "rsa1024.pem", in: directory)
            try openssl("genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "pss.pem", in: directory)
            for (name, mention) in [
                ("ed25519.pem", "ED25519"), ("p521.pem", "secp521r1"), ("k256.pem", "secp256k1"), ("rsa1024.pem", "1024"),
                ("pss.pem", "RSA-PSS"),
            ] {
                let failure = error(reading: try read(name, in: directory))
                #expect(failure?.code == .unsupportedKey, "\(name)")
                #expect(failure?.reason.contains(mention) == true, "\(name): \(failure?.reason ?? "")")
            }
        }
    }

    @Test func errorsNeverQuoteKeyMaterial() throws {
        let pem = try PrivateKey.generate(.ec256).pemTraditional()
        let body = pem.split(separator: "\n")[1]
        let damaged = pem.replacingOccurrences(of: body, with: body.dropLast(4) + "!!!!")
        let failure = error(reading: damaged)
        #expect(failure?.code == .invalidPEM)
        #expect(failure?.reason.contains(body.prefix(16)) == false)
    }
}
