import Foundation
import KubeLegoHTTP
import KubeLegoKube
import KubeLegoPebble
import KubeLegoSandbox
import Logging

/// What the benchmarks read about the controller process and the API server.
enum Probes {
    /// A logger that drops everything.
    static let quiet = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

    /// LEGO_* variables of this process (e.g. LEGO_WORKERS), passed on to the controller.
    static var passedEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("LEGO_") }
    }

    /// A field of /proc/<pid>/status in KiB.
    static func memory(_ pid: Int32, _ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return -1 }
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") }
        return line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? -1
    }

    /// User + system CPU seconds the process has used (/proc/<pid>/stat, fields 14 and 15).
    static func cpuSeconds(_ pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return -1 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After ")": state is field 3, so utime (14) and stime (15) are at offsets 11 and 12.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return -1 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Starts the controller at `binary` against `cluster` with its metrics on a free port, logging at `logLevel`
    /// (LEGO_* variables of this process win).
    static func startController(_ cluster: SandboxCluster, binary: String, logLevel: String) throws -> (ControllerProcess, metricsPort: Int) {
        let metricsPort = try LoopbackPorts.free(1)[0]
        let controller = try cluster.startController(
            executable: binary,
            environment: ["LEGO_METRICS_PORT": String(metricsPort), "LEGO_LOG_LEVEL": logLevel].merging(passedEnvironment) { $1 })
        return (controller, metricsPort)
    }

    /// Waits until the controller's log holds `marker`; throws after `limit`.
    static func waitForLog(_ controller: ControllerProcess, containing marker: String, limit: Duration) async throws {
        let started = ContinuousClock.now
        while !(((try? String(contentsOf: controller.logFile, encoding: .utf8)) ?? "").contains(marker)) {
            if ContinuousClock.now - started > limit { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Samples the process's CPU seconds every 100 ms from `start` (when it had used `cpuAtStart`) until it is idle:
    /// under 0.02 CPU s over the last 2 s. Returns the instant idleness began and the CPU seconds used by then.
    static func waitUntilIdle(_ pid: Int32, from start: ContinuousClock.Instant, cpuAtStart: Double,
                              limit: Duration) async throws -> (ContinuousClock.Instant, Double) {
        var samples: [(ContinuousClock.Instant, Double)] = [(start, cpuAtStart)]
        while true {
            try await Task.sleep(for: .milliseconds(100))
            let now = ContinuousClock.now
            samples.append((now, cpuSeconds(pid)))
            if let reference = samples.last(where: { now - $0.0 >= .seconds(2) }), samples[samples.count - 1].1 - reference.1 < 0.02 {
                return reference
            }
            if now - start > limit { throw CancellationError() }
        }
    }

    /// Waits until the metrics endpoint answers.
    static func waitForMetrics(_ http: HTTPClient, port: Int) async throws {
        for _ in 0..<600 {
            if let response = try? await http.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/metrics")), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CancellationError()
    }

    /// The sum of kube_lego_acme_requests_total over all labels.
    static func acmeRequests(_ http: HTTPClient, port: Int) async throws -> Double {
        let text = try await http.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/metrics")).text
        return text.split(separator: "\n").filter { $0.hasPrefix("kube_lego_acme_requests_total") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    /// Seconds of a duration.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The difference of two tallies, with object names folded: digit runs become "N", so the 100 certificate
    /// Secrets `bulk-0-tls` … `bulk-99-tls` count as one row `bulk-N-tls`.
    static func folded(_ after: [RequestKind: Int], minus before: [RequestKind: Int]) -> [RequestKind: Int] {
        var result: [RequestKind: Int] = [:]
        for (kind, count) in after {
            let delta = count - (before[kind] ?? 0)
            guard delta > 0 else { continue }
            var folded = kind
            folded.name = kind.name.map(fold)
            result[folded, default: 0] += delta
        }
        return result
    }

    private static func fold(_ name: String) -> String {
        var out = ""
        var inDigits = false
        for character in name {
            if character.isNumber {
                if !inDigits { out.append("N") }
                inDigits = true
            } else {
                out.append(character)
                inDigits = false
            }
        }
        return out
    }

    /// Prints a tally as a table: requests per certificate by resource, verb and name.
    static func printTally(_ tally: [RequestKind: Int], certificates: Int) {
        let total = tally.values.reduce(0, +)
        print(String(format: "API requests (resource verb name: count, per certificate); total %d = %.2f per certificate", total, Double(total) / Double(max(certificates, 1))))
        for (kind, count) in tally.sorted(by: { $0.key < $1.key }) {
            print(String(format: "  %-12@ %-8@ %-28@ %6d  %6.2f", kind.resource, kind.verb, kind.name ?? "(collection)", count, Double(count) / Double(max(certificates, 1))))
        }
        var byVerb: [String: Int] = [:]
        for (kind, count) in tally { byVerb["\(kind.resource) \(kind.verb)", default: 0] += count }
        print("  by resource and verb: " + byVerb.sorted { $0.key < $1.key }
            .map { String(format: "%@ %.2f", $0.key, Double($0.value) / Double(max(certificates, 1))) }.joined(separator: ", "))
    }

    /// Writes (create, update, patch, delete, deletecollection) in a tally, leader-election renewals of the Lease
    /// left out (they come every retry period whatever the controller does).
    static func writes(in tally: [RequestKind: Int]) -> Int {
        tally.filter { !["get", "list", "watch"].contains($0.key.verb) && $0.key.resource != "leases" }.values.reduce(0, +)
    }

    /// How many managed Secrets in `namespace` hold a certificate.
    static func issuedCount(_ kube: KubeClient, namespace: String = "default") async throws -> Int {
        let secrets = try await kube.listAll(
            Secret.self, namespace: namespace, options: ListOptions(labelSelector: "app.kubernetes.io/managed-by=kube-lego")).items
        return secrets.filter { $0.data["tls.crt"] != nil }.count
    }
}
