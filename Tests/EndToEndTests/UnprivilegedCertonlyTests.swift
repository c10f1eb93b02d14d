import Foundation
import KubeLegoPebble
import KubeLegoSpawn
import KubeLegoTLS
import Testing

/// The binary as deploy/ runs it: an unprivileged user with no capabilities. A socket option only root may set
/// (SO_DEBUG, asked for by mistake in place of TCP_NODELAY) once made the HTTP-01 responder close every
/// connection there, while every test running as root passed.
@Suite("certonly as UID 65532", .serialized, .timeLimit(.minutes(2)), .enabled(if: getuid() == 0, "setpriv needs root to drop to UID 65532"))
struct UnprivilegedCertonlyTests {
    @Test("an unprivileged kube-lego answers HTTP-01 and gets a certificate from Pebble")
    func certonlyAsNobody() async throws {
        let port = try LoopbackPorts.free(1)[0]
        let pebble = try await PebbleServer.start(options: PebbleOptions(httpPort: port), logger: quiet)
        defer { pebble.stop() }
        let out = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("certonly-65532-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        defer { try? FileManager.default.removeItem(at: out) }
        let caFile = out.appendingPathComponent("pebble-ca.pem")
        try pebble.listenerCAPEM.write(to: caFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: caFile.path)

        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = [
            "--reuid", "65532", "--regid", "65532", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all",
            controllerExecutable, "certonly", "--acme-url", pebble.directoryURL, "--ca-file", caFile.path,
            "--email", "nobody@example.com", "--domain", "nobody.example.com", "--http-port", String(port),
            "--http-address", "127.0.0.1", "--out", out.path, "--timeout", "60",
        ]
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": out.path]
        let log = out.appendingPathComponent("certonly.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        try handle.close()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "certonly as UID 65532 failed: \(output)")
        let pem = try String(contentsOf: out.appendingPathComponent("tls.crt"), encoding: .utf8)
        #expect(try CertificateChain(pem: pem).leaf.dnsNames == ["nobody.example.com"])
    }
}
