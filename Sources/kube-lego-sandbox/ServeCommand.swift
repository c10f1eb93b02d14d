import ArgumentParser
import Foundation
import KubeLegoSandbox
import Logging
import UnixSignals

/// `kube-lego-sandbox serve`: runs the sandbox API server until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the sandbox API until SIGINT/SIGTERM.")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 0

    @Option(help: "Require this bearer token on every request.")
    var token: String?

    @Option(name: .customLong("tls-cert"), help: "Serve HTTPS with this certificate chain (PEM file).")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "Private key (PEM file) of --tls-cert.")
    var tlsKey: String?

    @Option(name: .customLong("tls-client-ca"), help: "Require client certificates issued by this CA (PEM file).")
    var tlsClientCA: String?

    @Option(name: .customLong("tls-ca"), help: "CA (PEM file) written into --kubeconfig-out; defaults to --tls-cert.")
    var tlsCA: String?

    @Option(help: "Load objects from this manifest file, or every .yaml/.yml/.json file in this directory; repeatable.")
    var load: [String] = []

    @Option(name: .customLong("kubeconfig-out"), help: "Write a kubeconfig for this server to this path.")
    var kubeconfigOut: String?

    @Option(name: .customLong("watch-history"), help: "Watch events kept for resuming watches.")
    var watchHistory = 1000

    mutating func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "kube-lego.sandbox")
        var options = SandboxOptions(host: host, port: port, bearerToken: token, watchHistory: watchHistory, logger: logger)
        var caPEM: String?
        if let tlsCertificate {
            guard let tlsKey else { throw ValidationError("--tls-cert needs --tls-key") }
            let certificate = try String(contentsOfFile: tlsCertificate, encoding: .utf8)
            options.tls = SandboxTLS(certificatePEM: certificate, privateKeyPEM: try String(contentsOfFile: tlsKey, encoding: .utf8),
                                     clientCAPEM: try tlsClientCA.map { try String(contentsOfFile: $0, encoding: .utf8) })
            caPEM = try tlsCA.map { try String(contentsOfFile: $0, encoding: .utf8) } ?? certificate
        }
        options.manifests = try load.flatMap(Self.manifestFiles).map { try String(contentsOfFile: $0, encoding: .utf8) }
        let server = try await SandboxAPIServer.start(options)
        if let kubeconfigOut {
            let text = server.kubeconfig(certificateAuthorityPEM: caPEM)
            try text.write(toFile: kubeconfigOut, atomically: true, encoding: .utf8)
        }
        FileHandle.standardOutput.write(Data((server.baseURL + "\n").utf8))
        await Self.waitForTermination()
        logger.info("stopping sandbox API server")
        try await server.stop()
    }

    /// The manifest files at a path: the file itself, or a directory's YAML/JSON files in name order.
    static func manifestFiles(_ path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("--load: no such file or directory: \(path)")
        }
        guard isDirectory.boolValue else { return [path] }
        return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            .filter { [".yaml", ".yml", ".json"].contains(where: $0.hasSuffix) }
            .map { "\(path)/\($0)" }
    }

    /// Suspends until SIGINT or SIGTERM arrives.
    static func waitForTermination() async {
        for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) { return }
    }
}
