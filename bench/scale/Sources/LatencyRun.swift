import Foundation
import KubeLegoHTTP
import KubeLegoSandbox

/// On an idle controller, one annotated Ingress at a time: the time from creating it to its Secret holding a
/// certificate (polled in-process every 2 ms), over `trials` Ingresses; prints p50, p90, p99 and max.
struct LatencyRun {
    let binary: String
    let trials: Int

    func run() async throws {
        let cluster = try await SandboxCluster.start(SandboxClusterOptions(), logger: Probes.quiet)
        let (controller, metricsPort) = try Probes.startController(cluster, binary: binary, logLevel: "warning")
        let http = try HTTPClient()
        try await Probes.waitForMetrics(http, port: metricsPort)
        try await Task.sleep(for: .seconds(2))
        let waiter = SecretWaiter(api: cluster.api, namespace: "default")
        var samples: [Double] = []
        for index in 0..<(trials + 1) {
            let started = ContinuousClock.now
            _ = try cluster.api.load(manifest: """
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"lat-\(index)","namespace":"default",
                 "annotations":{"kubernetes.io/tls-acme":"true"}},"spec":{"ingressClassName":"nginx",
                 "tls":[{"hosts":["lat-\(index).example.com"],"secretName":"lat-\(index)-tls"}],
                 "rules":[{"host":"lat-\(index).example.com"}]}}
                """)
            try await waiter.waitForAll(["lat-\(index)-tls"], interval: .milliseconds(2), limit: .seconds(120))
            // The first trial registers the ACME account: left out, as the issuance benchmark does.
            if index > 0 { samples.append(Probes.seconds(ContinuousClock.now - started)) }
            // Idle again: the route withdrawal and journal clean-up of this trial are done.
            try await Task.sleep(for: .seconds(1))
        }
        let sorted = samples.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        print(String(format: "annotate → valid Secret over %d trials: p50 %.3f s, p90 %.3f s, p99 %.3f s, max %.3f s, min %.3f s",
                     sorted.count, percentile(0.5), percentile(0.9), percentile(0.99), sorted.last ?? 0, sorted.first ?? 0))
        await controller.stop()
        await http.shutdown()
        await cluster.stop()
    }
}
