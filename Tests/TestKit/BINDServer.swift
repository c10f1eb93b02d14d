public import Foundation
import KubeLegoSpawn
import Synchronization

/// A throwaway BIND 9 (`named -g`, foreground, its own directory) on 127.0.0.1 and a free port, serving
/// `example.test` and `delegated.test` and accepting RFC 2136 updates signed by any of its three TSIG keys
/// (one per algorithm, made with `tsig-keygen`). Stopped (SIGTERM, then reaped) by `stop()` and on deinit.
///
/// Zones: `example.test` (SOA, NS ns.example.test, ns A 127.0.0.1, `*` A 127.0.0.1 so HTTP-01 names resolve
/// too, and `_acme-challenge.alias.example.test` CNAME `_acme-challenge.alias.delegated.test.`) and
/// `delegated.test` (SOA, NS ns.example.test).
public final class BINDServer: Sendable {
    /// A TSIG key the server accepts.
    public struct Key: Sendable {
        /// The key's name.
        public let name: String
        /// Its algorithm as BIND names it ("hmac-sha256").
        public let algorithm: String
        /// The base64 secret.
        public let secret: String
    }

    /// The port named listens on (UDP and TCP).
    public let port: Int
    /// The working directory (configuration, zone files, journals, log).
    public let directory: URL
    /// The keys, by algorithm: "hmac-sha256", "hmac-sha512", "hmac-sha1".
    public let keys: [String: Key]
    private let process: Mutex<SpawnedProcess?>

    /// The hmac-sha256 key.
    public let key: Key
    /// "127.0.0.1:<port>".
    public var address: String { "127.0.0.1:\(port)" }
    /// The log file (named -g writes its log to stderr).
    public var logFile: URL { directory.appendingPathComponent("named.log") }

    private init(port: Int, directory: URL, keys: [String: Key], key: Key, process: SpawnedProcess) {
        self.port = port
        self.directory = directory
        self.keys = keys
        self.key = key
        self.process = Mutex(process)
    }

    /// Starts named and returns once it answers an SOA query (checked with dig), retrying on a port clash.
    public static func start(named: String = "/usr/sbin/named", startupTimeout: Duration = .seconds(30)) async throws -> BINDServer {
        let directory = try makeTemporaryDirectory("bind")
        var keys: [String: Key] = [:]
        var keyConfiguration = ""
        for algorithm in ["hmac-sha256", "hmac-sha512", "hmac-sha1"] {
            let name = "kube-lego-\(algorithm.dropFirst(5))"
            let (status, output) = try await runCommand("/usr/sbin/tsig-keygen", ["-a", algorithm, name])
            guard status == 0, let secret = output.firstMatch(of: /secret "([^"]+)";/)?.1 else {
                throw BINDError("tsig-keygen -a \(algorithm) failed: \(output)")
            }
            keys[algorithm] = Key(name: name, algorithm: algorithm, secret: String(secret))
            keyConfiguration += output
        }
        try zoneFile(origin: "example.test", extra: """
            ns IN A 127.0.0.1
            * IN A 127.0.0.1
            _acme-challenge.alias IN CNAME _acme-challenge.alias.delegated.test.
            """).write(to: directory.appendingPathComponent("db.example.test"), atomically: true, encoding: .utf8)
        try zoneFile(origin: "delegated.test", extra: "")
            .write(to: directory.appendingPathComponent("db.delegated.test"), atomically: true, encoding: .utf8)
        guard let defaultKey = keys["hmac-sha256"] else { throw BINDError("no hmac-sha256 key") }
        let grant = keys.values.map { "key \($0.name);" }.sorted().joined(separator: " ")
        var lastError = ""
        for attempt in 0..<3 {
            let port = try freeLoopbackPort()
            let configuration = directory.appendingPathComponent("named.conf")
            try """
            \(keyConfiguration)
            options {
                directory "\(directory.path)";
                pid-file "\(directory.path)/named.pid";
                listen-on port \(port) { 127.0.0.1; };
                listen-on-v6 { none; };
                recursion no;
                dnssec-validation no;
                notify no;
            };
            controls { };
            zone "example.test" { type primary; file "\(directory.path)/db.example.test"; allow-update { \(grant) }; };
            zone "delegated.test" { type primary; file "\(directory.path)/db.delegated.test"; allow-update { \(grant) }; };
            """.write(to: configuration, atomically: true, encoding: .utf8)
            let process = SpawnedProcess()
            process.executableURL = URL(fileURLWithPath: named)
            // -g: foreground, log to stderr; root is fine here (no -u: nothing to drop to in a throwaway directory).
            process.arguments = ["-g", "-c", configuration.path]
            let log = directory.appendingPathComponent("named.log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            try handle.close()
            let server = BINDServer(port: port, directory: directory, keys: keys, key: defaultKey, process: process)
            if try await server.waitUntilAnswering(timeout: startupTimeout) { return server }
            lastError = server.logTail()
            server.stop(removeFiles: false)
            _ = attempt
        }
        throw BINDError("named did not start: \(lastError)")
    }

    /// Polls an SOA query with dig until named answers (true), or named exits or the deadline passes (false).
    private func waitUntilAnswering(timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            try Task.checkCancellation()
            guard process.withLock({ $0?.isRunning ?? false }) else { return false }
            let (status, output) = try await runCommand("/usr/bin/dig", ["+short", "+tries=1", "+time=1", "@127.0.0.1", "-p", String(port), "example.test", "SOA"])
            if status == 0, output.contains("ns.example.test.") { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// The last bytes of named's log, for error messages.
    public func logTail(_ bytes: Int = 2000) -> String {
        guard let data = FileManager.default.contents(atPath: logFile.path) else { return "" }
        return String(decoding: data.suffix(bytes), as: UTF8.self)
    }

    /// Stops named (SIGTERM, SIGKILL after 5 s) and removes its directory unless `removeFiles` is false. Idempotent.
    public func stop(removeFiles: Bool = true) {
        let running = process.withLock { value -> SpawnedProcess? in
            defer { value = nil }
            return value
        }
        if let running, running.isRunning {
            running.terminate()
            let deadline = Date().addingTimeInterval(5)
            while running.isRunning && Date() < deadline { usleep(10_000) }
            if running.isRunning { kill(running.processIdentifier, SIGKILL) }
            running.waitUntilExit()
        }
        if removeFiles { try? FileManager.default.removeItem(at: directory) }
    }

    deinit { stop(removeFiles: false) }

    private static func zoneFile(origin: String, extra: String) -> String {
        """
        $ORIGIN \(origin).
        $TTL 60
        @ IN SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 60
        @ IN NS ns.example.test.
        \(extra)

        """
    }
}

/// A failure to start the test BIND.
public struct BINDError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A port free on 127.0.0.1 for both TCP and UDP at the moment of asking.
func freeLoopbackPort() throws -> Int {
    for _ in 0..<20 {
        let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(tcp); close(udp) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        guard withUnsafePointer(to: &address, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(tcp, $0, size) } }) == 0 else { continue }
        var length = size
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(tcp, $0, &length) } }
        if withUnsafePointer(to: &address, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(udp, $0, size) } }) == 0 {
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }
    throw BINDError("no port free for both TCP and UDP on 127.0.0.1")
}
