import Foundation
import KubeLegoTestKit

/// A temporary directory for one test, removed when the test's body returns.
func withScratchDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let directory = try makeTemporaryDirectory("kubelego-tls-test")
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// Runs `openssl` in `directory` and returns standard output.
@discardableResult
func openssl(_ arguments: String..., in directory: URL, input: Data? = nil) throws -> String {
    try TestCA.openssl(arguments, in: directory, input: input)
}

/// Writes text or bytes to `name` in `directory`.
@discardableResult
func write(_ contents: some DataProtocol, to name: String, in directory: URL) throws -> URL {
    let file = directory.appendingPathComponent(name)
    try Data(contents).write(to: file)
    return file
}

/// Reads a text file of `directory`.
func read(_ name: String, in directory: URL) throws -> String {
    try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
}

/// Lowercase hex of bytes.
func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}

/// Bytes of a hex string (test vectors only: crashes on bad input).
func bytes(hex text: String) -> [UInt8] {
    let digits = Array(text.utf8)
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}

/// A chain made with the openssl CLI: root CA -> intermediate CA -> leaf with DNS and IP SANs.
struct CLIChain {
    let directory: URL
    /// Leaf, intermediate, root PEM files concatenated in that order ("fullchain" plus root).
    let chainPEM: String
    let leafKeyPEM: String
    let rootKeyPEM: String

    static let leafSerial = "0fedcba987654321"
    static let intermediateSerial = "8000000000000001"
    static let leafNames = ["www.example.test", "example.test"]
    static let leafIPs = ["192.0.2.7", "2001:db8::1"]

    static func make(in directory: URL) throws -> CLIChain {
        let ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        try TestCA.openssl(
            ["req", "-x509"] + ecKey + [
                "-keyout", "root.key", "-out", "root.pem", "-days", "3650", "-subj", "/O=Test/CN=Test Root CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-set_serial", "1",
            ],
            in: directory
        )
        try TestCA.openssl(["req", "-new"] + ecKey + ["-keyout", "inter.key", "-out", "inter.csr", "-subj", "/CN=Test Intermediate CA"], in: directory)
        try write(Data("basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign\n".utf8), to: "inter.ext", in: directory)
        try openssl(
            "x509", "-req", "-in", "inter.csr", "-CA", "root.pem", "-CAkey", "root.key", "-set_serial",
            "0x" + intermediateSerial, "-days", "1825", "-extfile", "inter.ext", "-out", "inter.pem", in: directory
        )
        try openssl("genrsa", "-out", "leaf.key", "2048", in: directory)
        try openssl("req", "-new", "-key", "leaf.key", "-out", "leaf.csr", "-subj", "/C=DE/CN=www.example.test", in: directory)
        let sans = leafNames.map { "DNS:\($0)" } + ["IP:192.0.2.7", "IP:2001:db8:0:0:0:0:0:1"]
        try write(
            Data("subjectAltName=\(sans.joined(separator: ","))\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n".utf8),
            to: "leaf.ext", in: directory
        )
        try openssl(
            "x509", "-req", "-in", "leaf.csr", "-CA", "inter.pem", "-CAkey", "inter.key", "-set_serial",
            "0x" + leafSerial, "-days", "90", "-extfile", "leaf.ext", "-out", "leaf.pem", in: directory
        )
        return CLIChain(
            directory: directory,
            chainPEM: try read("leaf.pem", in: directory) + read("inter.pem", in: directory) + read("root.pem", in: directory),
            leafKeyPEM: try read("leaf.key", in: directory),
            rootKeyPEM: try read("root.key", in: directory)
        )
    }
}
