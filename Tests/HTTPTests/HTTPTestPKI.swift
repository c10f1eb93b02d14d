import Foundation
import KubeLegoSpawn

/// Throwaway certificates made with the `openssl` CLI, once per test process: two unrelated CAs ("A" and "B"),
/// a server certificate from each (for 127.0.0.1 and localhost), and a client certificate from A.
struct HTTPTestPKI: Sendable {
    let directory: String
    let caA: String
    let caAFile: String
    let caBFile: String
    let serverAFile: String
    let serverAKeyFile: String
    let serverBFile: String
    let serverBKeyFile: String
    let clientCertificatePEM: String
    let clientKeyPEM: String

    /// The certificates, made on first use.
    static func shared() throws -> HTTPTestPKI {
        try made.get()
    }

    private static let made: Result<HTTPTestPKI, any Error> = Result { try make() }

    private static func make() throws -> HTTPTestPKI {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kube-lego-http-tests-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        atexit {
            if case .success(let pki) = HTTPTestPKI.made { try? FileManager.default.removeItem(atPath: pki.directory) }
        }
        func path(_ name: String) -> String { directory + "/" + name }
        let ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

        for ca in ["caA", "caB"] {
            try openssl(["req", "-x509"] + ecKey + [
                "-keyout", path("\(ca).key"), "-out", path("\(ca).pem"), "-days", "2",
                "-subj", "/CN=kube-lego HTTP test \(ca)",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        }
        try String("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                   + "extendedKeyUsage=serverAuth\n").write(toFile: path("server.ext"), atomically: true, encoding: .utf8)
        try String("basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n")
            .write(toFile: path("client.ext"), atomically: true, encoding: .utf8)
        for (leaf, ca, ext) in [("serverA", "caA", "server.ext"), ("serverB", "caB", "server.ext"),
                                ("client", "caA", "client.ext")] {
            try openssl(["req", "-new"] + ecKey + [
                "-keyout", path("\(leaf).key"), "-out", path("\(leaf).csr"), "-subj", "/CN=\(leaf)",
            ])
            try openssl([
                "x509", "-req", "-in", path("\(leaf).csr"), "-CA", path("\(ca).pem"), "-CAkey", path("\(ca).key"),
                "-CAcreateserial", "-out", path("\(leaf).pem"), "-days", "2", "-extfile", path(ext),
            ])
        }
        return HTTPTestPKI(
            directory: directory,
            caA: try String(contentsOfFile: path("caA.pem"), encoding: .utf8),
            caAFile: path("caA.pem"),
            caBFile: path("caB.pem"),
            serverAFile: path("serverA.pem"),
            serverAKeyFile: path("serverA.key"),
            serverBFile: path("serverB.pem"),
            serverBKeyFile: path("serverB.key"),
            clientCertificatePEM: try String(contentsOfFile: path("client.pem"), encoding: .utf8),
            clientKeyPEM: try String(contentsOfFile: path("client.key"), encoding: .utf8))
    }

    private static func openssl(_ arguments: [String]) throws {
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PKIError(message: "openssl \(arguments.first ?? ""): " + String(decoding: message, as: UTF8.self))
        }
    }

    struct PKIError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
