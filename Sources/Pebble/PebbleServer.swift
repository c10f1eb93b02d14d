public import Foundation
import KubeLegoHTTP
public import Logging
import Synchronization

/// A running Pebble test CA on loopback, with its own DNS server (pebble-challtestsrv) answering 127.0.0.1 for
/// every name, a throwaway listener certificate and free ports, so several instances can run at once.
///
/// Start one with `PebbleServer.start(options:)`; `stop()` (or deinit) terminates both processes. Logs and
/// generated files live in `directory`.
public final class PebbleServer: Sendable {
    /// The ACME directory URL.
    public let directoryURL: String
    /// The management API base URL (roots, intermediates, certificate status).
    public let managementURL: String
    /// PEM of the CA that issued Pebble's listener certificate: trust this for the ACME and management APIs.
    public let listenerCAPEM: String
    /// The file holding `listenerCAPEM`.
    public let listenerCAFile: URL
    /// The listener certificate (PEM, for `localhost` and 127.0.0.1, issued by `listenerCAPEM`): a test server in
    /// front of Pebble can serve it and clients trusting `listenerCAPEM` accept it.
    public let listenerCertificateFile: URL
    /// The listener certificate's private key (PEM).
    public let listenerKeyFile: URL
    /// The port Pebble's validator connects to for HTTP-01.
    public let httpPort: Int
    /// The port of Pebble's DNS server (pebble-challtestsrv).
    public let dnsPort: Int
    /// The management API of pebble-challtestsrv (the DNS server Pebble resolves names with).
    public let dnsManagementURL: String
    /// The temporary directory with the configuration, certificates and logs.
    public let directory: URL
    /// Pebble's log file (stdout and stderr).
    public var pebbleLogFile: URL { pebble.logFile }

    let pebble: PebbleChildProcess
    let dns: PebbleChildProcess
    let http: HTTPClient
    /// Whether `stop()` removes `directory`: only the instance handed to the caller owns it (a failed start
    /// attempt must leave the certificates for the next attempt and the logs for the error).
    let ownsDirectory = Mutex(false)

    init(directoryURL: String, managementURL: String, certificate: PebbleListenerCertificate, httpPort: Int, dnsPort: Int,
                 dnsManagementURL: String, directory: URL, pebble: PebbleChildProcess, dns: PebbleChildProcess, http: HTTPClient) {
        self.directoryURL = directoryURL
        self.managementURL = managementURL
        self.listenerCAPEM = certificate.caPEM
        self.listenerCAFile = certificate.caFile
        self.listenerCertificateFile = certificate.certificateFile
        self.listenerKeyFile = certificate.keyFile
        self.httpPort = httpPort
        self.dnsPort = dnsPort
        self.dnsManagementURL = dnsManagementURL
        self.directory = directory
        self.pebble = pebble
        self.dns = dns
        self.http = http
    }

    /// Starts pebble-challtestsrv and Pebble with `options` and returns once the directory answers.
    /// Retries with fresh ports when a port was taken between choosing and binding it.
    public static func start(options: PebbleOptions, logger: Logger = Logger(label: "kube-lego.pebble")) async throws -> PebbleServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kube-lego-pebble-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw PebbleError(.launch, "could not create \(directory.path): \(error)")
        }
        let certificate = try PebbleListenerCertificate.make(in: directory, openssl: options.opensslPath)
        var configuration = HTTPClientConfiguration()
        configuration.trust = .pem(certificate.caPEM, replacingSystem: true)
        configuration.useEnvironmentProxy = false
        configuration.timeout = .seconds(10)
        let http = try HTTPClient(configuration: configuration)
        var lastError: (any Error)?
        for attempt in 1...3 {
            do {
                let server = try await launch(options: options, certificate: certificate, directory: directory, http: http, attempt: attempt)
                server.ownsDirectory.withLock { $0 = !options.keepFiles }
                logger.debug("pebble ready", metadata: ["pebble.directory": .string(server.directoryURL), "pebble.files": .string(directory.path)])
                return server
            } catch {
                lastError = error
                logger.notice("pebble start failed, retrying", metadata: ["error": .string("\(error)")])
            }
        }
        await http.shutdown()
        // The directory stays: the error names its log files.
        throw lastError ?? PebbleError(.startup, "pebble did not start")
    }

    /// Terminates Pebble and its DNS server and removes the temporary directory (unless `keepFiles`).
    /// Idempotent; deinit does the same.
    public func stop() {
        pebble.terminate()
        dns.terminate()
        if ownsDirectory.withLock({ $0 }) { try? FileManager.default.removeItem(at: directory) }
    }

    deinit { stop() }

    /// The PEM of Pebble's root certificate number `index` (0 = the default chain's root; 1... the alternates).
    /// Pebble regenerates its roots at every start, so fetch after starting.
    public func rootPEM(_ index: Int) async throws -> String {
        try await management("roots/\(index)")
    }

    /// The PEM of the intermediate certificate of chain `index`.
    public func intermediatePEM(_ index: Int) async throws -> String {
        try await management("intermediates/\(index)")
    }

    /// Makes Pebble resolve `host` to `address` (IPv4) instead of 127.0.0.1, e.g. to send a second load
    /// balancer's hosts to 127.0.0.2.
    public func resolve(_ host: String, to address: String) async throws {
        let body = Array(#"{"host":"\#(host)","addresses":["\#(address)"]}"#.utf8)
        let url = "\(dnsManagementURL)/add-a"
        let response = try await http.execute(HTTPRequest(method: "POST", url: url, body: body))
        guard response.status == 200 else {
            throw PebbleError(.management, "POST \(url) answered HTTP \(response.status): \(response.text.prefix(200))", logFile: dns.logFile.path)
        }
    }

    private func management(_ path: String) async throws -> String {
        let url = "\(managementURL)/\(path)"
        let response = try await http.execute(HTTPRequest(url: url))
        guard response.status == 200 else {
            throw PebbleError(.management, "GET \(url) answered HTTP \(response.status): \(response.text.prefix(200))", logFile: pebble.logFile.path)
        }
        return response.text
    }
}
