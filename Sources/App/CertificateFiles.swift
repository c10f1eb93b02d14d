import Foundation
import KubeLegoTLS

/// Files `kube-lego certonly` reads and writes: the account key and the issued tls.crt / tls.key.
struct CertificateFiles {
    let directory: String

    /// Writes the chain and the key; the key file is created with mode 0600 before any byte is written.
    func write(chainPEM: String, keyPEM: String) throws -> (certificate: String, key: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let certificate = (directory as NSString).appendingPathComponent("tls.crt")
        let key = (directory as NSString).appendingPathComponent("tls.key")
        try Self.writePrivate(keyPEM, to: key)
        try Data(chainPEM.utf8).write(to: URL(fileURLWithPath: certificate), options: .atomic)
        return (certificate, key)
    }

    /// Reads the account key at `path`, or creates an EC P-256 key there (mode 0600) when the file is missing.
    static func loadOrCreateAccountKey(at path: String) throws -> PrivateKey {
        if FileManager.default.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return try PrivateKey(pem: text)
        }
        let key = try PrivateKey.generate(.ec256)
        try writePrivate(try key.pemPKCS8(), to: path)
        return key
    }

    /// Writes `text` to a new temporary file of mode 0600 beside `path`, then renames it over `path`.
    private static func writePrivate(_ text: String, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary]) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
