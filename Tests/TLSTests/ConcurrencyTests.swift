import KubeLegoTLS
import Testing

@Suite struct ConcurrencyTests {
    @Test func manyTasksUseOneKeyAtOnce() async throws {
        let key = try PrivateKey.generate(.ec256)
        let pem = try key.pemPKCS8()
        let thumbprint = key.publicJWK.thumbprint
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let input = Array("payload-\(index)".utf8)
                    let signature = try key.signJWS(input)
                    let reread = try PrivateKey(pem: pem)
                    let request = try CertificateSigningRequest.make(identifiers: ["host\(index).example.test"], key: reread)
                    return signature.count == 64 && reread.publicJWK.thumbprint == thumbprint && !request.der.isEmpty
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }

    /// A failure's OpenSSL error text never shows up in the next failure's reason.
    @Test func failuresDoNotLeakIntoLaterErrors() throws {
        let garbageKey = "-----BEGIN RSA PRIVATE KEY-----\naGVsbG8gd29ybGQ=\n-----END RSA PRIVATE KEY-----\n"
        let notACertificate: [UInt8] = [0x30, 0x03, 0x02, 0x01, 0x01]
        func certificateFailure() -> String? {
            (#expect(throws: TLSError.self) { try Certificate(der: notACertificate) })?.reason
        }
        let clean = certificateFailure()
        let keyFailure = #expect(throws: TLSError.self) { try PrivateKey(pem: garbageKey) }
        #expect(keyFailure?.reason.contains("OpenSSL:") == true)
        let afterKeyFailure = certificateFailure()
        #expect(clean != nil)
        #expect(afterKeyFailure == clean)
    }
}
