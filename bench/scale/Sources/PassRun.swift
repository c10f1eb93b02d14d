import Foundation
import KubeLegoHTTP
import KubeLegoKube
import KubeLegoSandbox

/// N served Ingresses whose Secrets already hold valid certificates (kube-lego's marker, no issuing-directory
/// annotation, so no ARI look-ups: a periodic check with a warm ARI cache does none either). The controller
/// starts, syncs its caches and then reconciles every served Ingress once, exactly as the periodic check queues
/// them. Reports the CPU seconds from "caches synced" (in its log) until the process is idle, the API requests
/// and writes meanwhile, and its memory after sync and after the pass.
struct PassRun {
    let binary: String
    let count: Int
    let certificatesFile: String
    /// Also wait for the first periodic check (LEGO_CHECK_INTERVAL, at least 5 minutes) and measure it.
    var periodic = false

    /// One line of make-certificates.py's output.
    struct Material: Decodable {
        let host: String
        let crt: String
        let key: String
    }

    func run() async throws {
        let lines = try String(contentsOfFile: certificatesFile, encoding: .utf8).split(separator: "\n")
        guard lines.count >= count else {
            print("\(certificatesFile) has \(lines.count) certificates, fewer than \(count)")
            return
        }
        let cluster = try await SandboxCluster.start(SandboxClusterOptions(), logger: Probes.quiet)
        let loadStarted = ContinuousClock.now
        for (index, line) in lines.prefix(count).enumerated() {
            let material = try JSONDecoder().decode(Material.self, from: Data(line.utf8))
            let crt = Data(material.crt.utf8).base64EncodedString()
            let key = Data(material.key.utf8).base64EncodedString()
            _ = try cluster.api.load(manifest: """
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"p-\(index)","namespace":"default",
                 "annotations":{"kubernetes.io/tls-acme":"true"}},"spec":{"ingressClassName":"nginx",
                 "tls":[{"hosts":["\(material.host)"],"secretName":"p-\(index)-tls"}],
                 "rules":[{"host":"\(material.host)"}]}}
                """)
            _ = try cluster.api.load(manifest: """
                {"apiVersion":"v1","kind":"Secret","type":"kubernetes.io/tls","metadata":{"name":"p-\(index)-tls","namespace":"default",
                 "labels":{"app.kubernetes.io/managed-by":"kube-lego"},"annotations":{"kubernetes.io/tls-acme":"true"}},
                 "data":{"tls.crt":"\(crt)","tls.key":"\(key)"}}
                """)
        }
        print(String(format: "loaded %d Ingresses and %d certificate Secrets in %.1f s", count, count, Probes.seconds(ContinuousClock.now - loadStarted)))
        let tallyBefore = cluster.api.requestCountsByKind
        let (controller, _) = try Probes.startController(cluster, binary: binary, logLevel: "info")
        let pid = controller.processIdentifier
        let started = ContinuousClock.now
        // The pass starts when the controller logs that its caches are synced.
        try await Probes.waitForLog(controller, containing: "caches synced", limit: .seconds(600))
        let synced = ContinuousClock.now
        let cpuAtSync = Probes.cpuSeconds(pid)
        let rssAtSync = Probes.memory(pid, "VmRSS")
        let tallyAtSync = cluster.api.requestCountsByKind
        let end = try await Probes.waitUntilIdle(pid, from: synced, cpuAtStart: cpuAtSync, limit: .seconds(1800))
        let pass = Probes.folded(cluster.api.requestCountsByKind, minus: tallyAtSync)
        let startUp = Probes.folded(tallyAtSync, minus: tallyBefore)
        print(String(format: "start to caches synced: %.2f s, %.2f CPU s, RSS %d KiB", Probes.seconds(synced - started), cpuAtSync, rssAtSync))
        print(String(format: "pass over %d served Ingresses: %.2f CPU s, %.2f s wall (synced → idle)", count, end.1 - cpuAtSync, Probes.seconds(end.0 - synced)))
        print("API requests from start to sync:")
        Probes.printTally(startUp, certificates: count)
        print("API requests from sync to idle (writes other than Lease renewals: \(Probes.writes(in: pass))):")
        Probes.printTally(pass, certificates: count)
        print("controller RSS after the pass: \(Probes.memory(pid, "VmRSS")) KiB, peak (VmHWM) \(Probes.memory(pid, "VmHWM")) KiB")
        if periodic { try await measurePeriodicCheck(controller, cluster: cluster) }
        await controller.stop()
        await cluster.stop()
    }

    /// Waits for the controller's first periodic check (its log line), then reports its CPU seconds until the
    /// process is idle again and the API requests meanwhile: the steady state, where every metric series and
    /// every ARI answer already exist.
    private func measurePeriodicCheck(_ controller: ControllerProcess, cluster: SandboxCluster) async throws {
        let pid = controller.processIdentifier
        try await Probes.waitForLog(controller, containing: "periodic check of every served Ingress", limit: .seconds(3600))
        let started = ContinuousClock.now
        let cpuAtStart = Probes.cpuSeconds(pid)
        let tallyAtStart = cluster.api.requestCountsByKind
        let reference = try await Probes.waitUntilIdle(pid, from: started, cpuAtStart: cpuAtStart, limit: .seconds(1800))
        let check = Probes.folded(cluster.api.requestCountsByKind, minus: tallyAtStart)
        print(String(format: "periodic check over %d served Ingresses: %.2f CPU s, %.2f s wall (log line → idle)",
                     count, reference.1 - cpuAtStart, Probes.seconds(reference.0 - started)))
        print("API requests during the periodic check (writes other than Lease renewals: \(Probes.writes(in: check))):")
        Probes.printTally(check, certificates: count)
        print("controller RSS after the periodic check: \(Probes.memory(pid, "VmRSS")) KiB, peak (VmHWM) \(Probes.memory(pid, "VmHWM")) KiB")
    }
}
