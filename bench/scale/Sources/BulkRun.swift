import Foundation
import KubeLegoHTTP
import KubeLegoSandbox

/// N annotated Ingresses (one host each) created at once; the controller issues them all. Reports the time
/// until every Secret holds a certificate, the controller's API requests per certificate by verb, resource and
/// (folded) name, ACME requests, CPU seconds and memory. Unlike bench/bulk, the harness polls the store
/// in-process, so every counted request is the controller's.
struct BulkRun {
    let binary: String
    let count: Int

    func run() async throws {
        let cluster = try await SandboxCluster.start(SandboxClusterOptions(), logger: Probes.quiet)
        let (controller, metricsPort) = try Probes.startController(cluster, binary: binary, logLevel: "warning")
        let http = try HTTPClient()
        let pid = controller.processIdentifier
        try await Probes.waitForMetrics(http, port: metricsPort)
        try await Task.sleep(for: .seconds(3))
        let idleAfterStart = Probes.memory(pid, "VmRSS")
        let tallyBefore = cluster.api.requestCountsByKind
        let acmeBefore = try await Probes.acmeRequests(http, port: metricsPort)
        let cpuBefore = Probes.cpuSeconds(pid)

        let started = ContinuousClock.now
        for index in 0..<count {
            _ = try cluster.api.load(manifest: """
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"bulk-\(index)","namespace":"default",
                 "annotations":{"kubernetes.io/tls-acme":"true"}},"spec":{"ingressClassName":"nginx",
                 "tls":[{"hosts":["bulk-\(index).example.com"],"secretName":"bulk-\(index)-tls"}],
                 "rules":[{"host":"bulk-\(index).example.com"}]}}
                """)
        }
        try await SecretWaiter(api: cluster.api, namespace: "default").waitForAll((0..<count).map { "bulk-\($0)-tls" })
        let elapsed = Probes.seconds(ContinuousClock.now - started)
        let cpu = Probes.cpuSeconds(pid) - cpuBefore
        let acme = try await Probes.acmeRequests(http, port: metricsPort) - acmeBefore
        let peak = Probes.memory(pid, "VmHWM")
        // Requests that follow the last Secret (journal clean-up, challenge route withdrawal) belong to the run.
        try await Task.sleep(for: .seconds(5))
        let tally = Probes.folded(cluster.api.requestCountsByKind, minus: tallyBefore)
        let idleAfter = Probes.memory(pid, "VmRSS")
        print(String(format: "certificates: %d in %.2f s (%.1f per second)", count, elapsed, Double(count) / elapsed))
        print(String(format: "controller CPU: %.2f s user+system while issuing; ACME requests per certificate: %.1f", cpu, acme / Double(count)))
        Probes.printTally(tally, certificates: count)
        print("controller RSS: idle after start \(idleAfterStart) KiB, peak \(peak) KiB, 5 s after the last Secret \(idleAfter) KiB")
        print("nginx reloads: \(cluster.dataPlane.reloadCount)")
        await controller.stop()
        await http.shutdown()
        await cluster.stop()
    }
}
