import Foundation
@testable import KubeLegoApp
import KubeLegoTLS
import Testing

/// `kube-lego certonly`'s output files on a real file system: the pair is switched in one rename, the key is
/// 0600, failures leave the previous pair, and nothing planted in the directory is followed.
@Suite("certonly output files")
struct CertificateFilesTests {
    struct InjectedFailure: Error {}

    /// A fresh directory, removed when `body` returns.
    func withDirectory<T>(_ body: (String) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("certfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func permissions(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    func isSymlink(_ path: String) throws -> Bool {
        try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType == .typeSymbolicLink
    }

    func pairDirectories(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(CertificateFiles.pairPrefix) }
    }

    @Test("the pair is reached through ..data; the key file is 0600, the certificate 0644")
    func layoutAndModes() throws {
        try withDirectory { directory in
            let paths = try CertificateFiles(directory: directory).write(chainPEM: "CERT-A", keyPEM: "KEY-A")
            #expect(paths.certificate == directory + "/tls.crt" && paths.key == directory + "/tls.key")
            #expect(try read(paths.certificate) == "CERT-A")
            #expect(try read(paths.key) == "KEY-A")
            #expect(try isSymlink(paths.key) && isSymlink(paths.certificate) && isSymlink(directory + "/..data"))
            #expect(try permissions(directory + "/..data/tls.key") == 0o600)
            #expect(try permissions(directory + "/..data/tls.crt") & 0o077 != 0o077, "the certificate is not secret")
            #expect(try permissions(directory + "/..data/tls.crt") & 0o600 == 0o600)
        }
    }

    @Test("a second write switches to the new pair and removes the previous pair directory")
    func replacesPair() throws {
        try withDirectory { directory in
            let files = CertificateFiles(directory: directory)
            _ = try files.write(chainPEM: "CERT-A", keyPEM: "KEY-A")
            let first = try pairDirectories(directory)
            _ = try files.write(chainPEM: "CERT-B", keyPEM: "KEY-B")
            #expect(try read(directory + "/tls.crt") == "CERT-B")
            #expect(try read(directory + "/tls.key") == "KEY-B")
            let second = try pairDirectories(directory)
            #expect(second.count == 1 && first.count == 1 && second != first)
        }
    }

    @Test("a failure writing the certificate leaves the previous pair intact and no new directory", arguments: ["tls.crt", "tls.key"])
    func failureKeepsPreviousPair(failing: String) throws {
        try withDirectory { directory in
            _ = try CertificateFiles(directory: directory).write(chainPEM: "CERT-A", keyPEM: "KEY-A")
            let before = try pairDirectories(directory)
            var failingFiles = CertificateFiles(directory: directory)
            failingFiles.beforeWriting = { name in if name == failing { throw InjectedFailure() } }
            #expect(throws: InjectedFailure.self) { try failingFiles.write(chainPEM: "CERT-B", keyPEM: "KEY-B") }
            #expect(try read(directory + "/tls.crt") == "CERT-A")
            #expect(try read(directory + "/tls.key") == "KEY-A")
            #expect(try pairDirectories(directory) == before, "the half-written pair is removed")
        }
    }

    @Test("symlinks planted at predictable paths are replaced, never followed")
    func plantedSymlinks() throws {
        try withDirectory { directory in
            let victims = directory + "/victims"
            try FileManager.default.createDirectory(atPath: victims + "/dir", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: directory + "/out", withIntermediateDirectories: true)
            let out = directory + "/out"
            for name in ["a", "b", "c", "d"] { try "victim \(name)".write(toFile: "\(victims)/\(name)", atomically: false, encoding: .utf8) }
            try FileManager.default.createSymbolicLink(atPath: out + "/tls.key", withDestinationPath: victims + "/a")
            try FileManager.default.createSymbolicLink(atPath: out + "/tls.crt", withDestinationPath: victims + "/b")
            try FileManager.default.createSymbolicLink(atPath: out + "/..data", withDestinationPath: victims + "/dir")
            // The temporary names earlier versions used, derived from the process id.
            try FileManager.default.createSymbolicLink(atPath: out + "/tls.key.tmp-\(getpid())", withDestinationPath: victims + "/c")
            try FileManager.default.createSymbolicLink(atPath: out + "/tls.crt.tmp-\(getpid())", withDestinationPath: victims + "/d")

            _ = try CertificateFiles(directory: out).write(chainPEM: "CERT-NEW", keyPEM: "KEY-NEW")

            for name in ["a", "b", "c", "d"] { #expect(try read("\(victims)/\(name)") == "victim \(name)") }
            #expect(try FileManager.default.contentsOfDirectory(atPath: victims + "/dir").isEmpty)
            #expect(try read(out + "/tls.key") == "KEY-NEW")
            #expect(try read(out + "/tls.crt") == "CERT-NEW")
            #expect(try permissions(out + "/..data/tls.key") == 0o600)
        }
    }

    @Test("the plain files of earlier versions are replaced by the symlinked pair")
    func migratesPlainFiles() throws {
        try withDirectory { directory in
            try "OLD-CERT".write(toFile: directory + "/tls.crt", atomically: false, encoding: .utf8)
            try "OLD-KEY".write(toFile: directory + "/tls.key", atomically: false, encoding: .utf8)
            _ = try CertificateFiles(directory: directory).write(chainPEM: "CERT", keyPEM: "KEY")
            #expect(try isSymlink(directory + "/tls.crt") && isSymlink(directory + "/tls.key"))
            #expect(try read(directory + "/tls.crt") == "CERT" && read(directory + "/tls.key") == "KEY")
        }
    }

    @Test("a file is only ever created new: an existing file or symlink at the name is an error, not followed")
    func createExclusive() throws {
        try withDirectory { directory in
            try "victim".write(toFile: directory + "/victim", atomically: false, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: directory + "/victim")
            for name in ["victim", "link"] {
                #expect(throws: AppError.self) {
                    try SafeFile.createExclusive(directory + "/" + name, contents: Array("SECRET".utf8), mode: 0o600)
                }
            }
            #expect(try read(directory + "/victim") == "victim")
            try SafeFile.createExclusive(directory + "/new", contents: Array("x".utf8), mode: 0o600)
            #expect(try permissions(directory + "/new") == 0o600)
        }
    }

    @Test("the account key: created 0600, read back the next time; a symlink at its temporary name is refused")
    func accountKey() throws {
        try withDirectory { directory in
            let path = directory + "/account.key"
            let created = try CertificateFiles.loadOrCreateAccountKey(at: path)
            #expect(try permissions(path) == 0o600)
            #expect(try !isSymlink(path))
            let loaded = try CertificateFiles.loadOrCreateAccountKey(at: path)
            #expect(try loaded.pemPKCS8() == created.pemPKCS8())

            try "victim".write(toFile: directory + "/victim", atomically: false, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: directory + "/.other.key.tmp-fixed", withDestinationPath: directory + "/victim")
            let error = #expect(throws: AppError.self) {
                try SafeFile.replace(directory + "/other.key", contents: Array("SECRET-KEY".utf8), mode: 0o600, temporaryName: { ".tmp-fixed" })
            }
            #expect(error?.description.contains("SECRET") == false)
            #expect(try read(directory + "/victim") == "victim")
            #expect(!FileManager.default.fileExists(atPath: directory + "/other.key"))
        }
    }
}
