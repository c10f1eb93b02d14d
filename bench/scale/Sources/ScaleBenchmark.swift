import Foundation

/// bench/scale (issue 16): kube-lego at scale against the sandbox cluster (API server, real nginx, Pebble), with
/// the real binary. Modes:
///
///   bench-scale bulk <kube-lego> N            N annotated Ingresses at once: time to N valid Secrets, API requests
///                                             per certificate by verb/resource/name, CPU seconds, peak RSS
///   bench-scale latency <kube-lego> TRIALS    on an idle controller, one Ingress at a time: annotate → valid
///                                             Secret, p50/p99
///   bench-scale pass <kube-lego> N CERTS      N served Ingresses whose Secrets already hold valid certificates
///                                             (CERTS: JSON lines from make-certificates.py): CPU seconds and API
///                                             writes of the pass over every Ingress after the caches sync, RSS;
///   bench-scale pass <kube-lego> N CERTS periodic   then also the first periodic check (LEGO_CHECK_INTERVAL=5m)
///
/// LEGO_* variables of this process reach the controller.
@main
struct ScaleBenchmark {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.count >= 2 else {
            print("usage: bench-scale bulk|latency|pass <kube-lego binary> [count] [certificates file]")
            return
        }
        let binary = arguments[1]
        let count = arguments.count > 2 ? Int(arguments[2]) ?? 100 : 100
        switch arguments[0] {
        case "bulk": try await BulkRun(binary: binary, count: count).run()
        case "latency": try await LatencyRun(binary: binary, trials: count).run()
        case "pass":
            guard arguments.count > 3 else {
                print("pass needs a certificates file (bench/scale/make-certificates.py)")
                return
            }
            try await PassRun(binary: binary, count: count, certificatesFile: arguments[3], periodic: arguments.count > 4 && arguments[4] == "periodic").run()
        default:
            print("unknown mode \(arguments[0])")
        }
    }
}
