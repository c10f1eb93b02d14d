import Foundation
import KubeLegoSpawn

/// A throwaway CA and a `localhost`/`127.0.0.1` certificate for Pebble's HTTPS listeners, made with the
/// `openssl` CLI (Pebble ships none).
struct PebbleListenerCertificate {
    /// The CA certificate clients trust for Pebble's ACME and management APIs.
    let caPEM: String
    /// The CA certificate file.
    let caFile: URL
    /// The listener certificate file.
    let certificateFile: URL
    /// The listener key file.
    let keyFile: URL

    /// Makes the CA and the listener certificate in `directory`.
    static func make(in directory: URL, openssl: String) throws(PebbleError) -> PebbleListenerCertificate {
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let extensions = "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
        do {
            try extensions.write(toFile: path("listener.ext"), atomically: true, encoding: .utf8)
        } catch {
            throw PebbleError(.launch, "could not write \(path("listener.ext")): \(error)")
        }
        try run(openssl, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                          "-keyout", path("listener-ca.key"), "-out", path("listener-ca.pem"), "-days", "30",
                          "-subj", "/CN=kube-lego test Pebble listener CA"], log: path("openssl.log"))
        try run(openssl, ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                          "-keyout", path("listener.key"), "-out", path("listener.csr"), "-subj", "/CN=localhost"], log: path("openssl.log"))
        try run(openssl, ["x509", "-req", "-in", path("listener.csr"), "-CA", path("listener-ca.pem"),
                          "-CAkey", path("listener-ca.key"), "-CAcreateserial", "-out", path("listener.pem"),
                          "-days", "30", "-extfile", path("listener.ext")], log: path("openssl.log"))
        guard let caPEM = try? String(contentsOfFile: path("listener-ca.pem"), encoding: .utf8) else {
            throw PebbleError(.launch, "openssl wrote no CA certificate", logFile: path("openssl.log"))
        }
        return PebbleListenerCertificate(caPEM: caPEM, caFile: URL(fileURLWithPath: path("listener-ca.pem")),
                                         certificateFile: URL(fileURLWithPath: path("listener.pem")),
                                         keyFile: URL(fileURLWithPath: path("listener.key")))
    }

    /// Runs openssl to completion, appending its output to `log`; throws when it fails.
    private static func run(_ executable: String, _ arguments: [String], log: String) throws(PebbleError) {
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        do {
            if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            try handle.seekToEnd()
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try handle.close()
        } catch {
            throw PebbleError(.launch, "could not run \(executable): \(error)", logFile: log)
        }
        guard process.terminationStatus == 0 else {
            throw PebbleError(.launch, "openssl \(arguments.prefix(2).joined(separator: " ")) exited with \(process.terminationStatus)", logFile: log)
        }
    }
}
