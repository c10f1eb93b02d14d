import Foundation
import KubeLegoHTTP
import KubeLegoKube
import KubeLegoPebble
import KubeLegoSandbox
import Logging

/// bench/bulk: N annotated Ingresses (one host each) created at once in the sandbox cluster, with the real
/// kube-lego binary issuing through nginx and Pebble. Reports seconds until every Secret holds a valid
/// certificate, API and ACME requests per certificate, and the controller's resident memory.
@main
struct BulkBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            print("usage: bench-bulk <kube-lego binary> [count]")
            return
        }
        let binary = arguments[1]
        let count = arguments.count > 2 ? Int(arguments[2]) ?? 100 : 100
        let quiet = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let cluster = try await SandboxCluster.start(SandboxClusterOptions(), logger: quiet)
        let metricsPort = try LoopbackPorts.free(1)[0]
        // LEGO_* variables of this process (e.g. LEGO_WORKERS) are passed on to the controller.
        let passed = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("LEGO_") }
        let controller = try cluster.startController(
            executable: binary,
            environment: ["LEGO_METRICS_PORT": String(metricsPort), "LEGO_LOG_LEVEL": "warning"].merging(passed) { $1 })
        let http = try HTTPClient()
        let kube = try KubeClient(settings: ConnectionSettings(server: cluster.api.baseURL), logger: quiet)
        defer { Task { await controller.stop() } }

        try await waitForMetrics(http, port: metricsPort)
        try await Task.sleep(for: .seconds(3))
        let idleAfterStart = memory(controller.processIdentifier, "VmRSS")
        let apiBefore = cluster.api.requestCounts.values.reduce(0, +)
        let acmeBefore = try await acmeRequests(http, port: metricsPort)

        let started = ContinuousClock.now
        for index in 0..<count {
            _ = try cluster.api.load(manifest: """
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"bulk-\(index)","namespace":"default",
                 "annotations":{"kubernetes.io/tls-acme":"true"}},"spec":{"ingressClassName":"nginx",
                 "tls":[{"hosts":["bulk-\(index).example.com"],"secretName":"bulk-\(index)-tls"}],
                 "rules":[{"host":"bulk-\(index).example.com"}]}}
                """)
        }
        var issued = 0
        while issued < count {
            try await Task.sleep(for: .milliseconds(100))
            let secrets = try await kube.list(Secret.self, namespace: "default", options: ListOptions(labelSelector: "app.kubernetes.io/managed-by=kube-lego")).items
            issued = secrets.filter { $0.data["tls.crt"] != nil }.count
            if ContinuousClock.now - started > .seconds(600) { throw CancellationError() }
        }
        let elapsed = ContinuousClock.now - started
        let apiRequests = cluster.api.requestCounts.values.reduce(0, +) - apiBefore
        let acme = try await acmeRequests(http, port: metricsPort) - acmeBefore
        let peak = memory(controller.processIdentifier, "VmHWM")
        try await Task.sleep(for: .seconds(5))
        let idleAfter = memory(controller.processIdentifier, "VmRSS")
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(String(format: "certificates: %d in %.2f s (%.1f per second)", count, seconds, Double(count) / seconds))
        print(String(format: "API requests per certificate: %.1f; ACME requests per certificate: %.1f", Double(apiRequests) / Double(count), acme / Double(count)))
        print("controller RSS: idle after start \(idleAfterStart) KiB, peak \(peak) KiB, idle after the burst \(idleAfter) KiB")
        print("nginx reloads: \(cluster.dataPlane.reloadCount)")
        await controller.stop()
        await kube.shutdown()
        await http.shutdown()
        await cluster.stop()
    }

    static func waitForMetrics(_ http: HTTPClient, port: Int) async throws {
        for _ in 0..<200 {
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

    /// A field of /proc/<pid>/status in KiB.
    static func memory(_ pid: Int32, _ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return -1 }
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") }
        return line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? -1
    }
}
