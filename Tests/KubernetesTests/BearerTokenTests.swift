import Foundation
@testable import KubeLegoKube
import Testing

@Suite("bearer tokens")
struct BearerTokenTests {
    @Test func tokenFileIsReReadWhenItChanges() throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("token", "first\n")
        let provider = BearerTokenProvider(source: .file(path))
        #expect(try provider.currentToken() == "first")
        // kubelet swaps the file for a new one; a different inode is noticed even within the same second.
        let replacement = try dir.write("token.new", "second-token")
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: replacement, toPath: path)
        #expect(try provider.currentToken() == "second-token")
    }

    @Test func unreadableOrEmptyTokenFileNamesTheFile() throws {
        let dir = try ScratchDirectory()
        let empty = try dir.write("empty", "\n")
        let missing = BearerTokenProvider(source: .file(dir.path + "/missing"))
        let error = #expect(throws: KubeError.self) { try missing.currentToken() }
        #expect(error?.reason.contains(dir.path + "/missing") == true)
        #expect(throws: KubeError.self) { try BearerTokenProvider(source: .file(empty)).currentToken() }
        #expect(try BearerTokenProvider(source: .literal("x")).currentToken() == "x")
        #expect(try BearerTokenProvider(source: nil).currentToken() == nil)
    }
}

@Suite("credentials stay out of logs")
struct CredentialRedactionTests {
    @Test func settingsNeverPrintTokensOrKeys() {
        var settings = ConnectionSettings(server: "https://api.test")
        settings.bearerToken = .literal("very-secret-token")
        settings.clientCertificatePEM = "-----BEGIN CERTIFICATE-----\ncert\n-----END CERTIFICATE-----"
        settings.clientKeyPEM = "-----BEGIN PRIVATE KEY-----\nprivate-key-bytes\n-----END PRIVATE KEY-----"
        var dumped = ""
        dump(settings, to: &dumped)
        for text in ["\(settings)", String(reflecting: settings), dumped, "\(BearerTokenSource.literal("very-secret-token"))"] {
            #expect(!text.contains("very-secret-token"), "\(text)")
            #expect(!text.contains("private-key-bytes"), "\(text)")
        }
        #expect("\(settings)".contains("https://api.test"))
        #expect("\(settings)".contains("literal(<redacted>)"))
    }
}
