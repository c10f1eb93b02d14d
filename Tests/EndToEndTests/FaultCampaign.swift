import Foundation
import KubeLegoKube
import KubeLegoSandbox
import KubeLegoTLS

/// The project's fault campaign (issue 14): the real kube-lego binary issues `certificates` certificates against
/// a faulty world (API: 10% 500s on every verb, spurious 409s on writes, watches cut every 5 events, a short watch
/// history giving 410s; Pebble rejecting half the nonces) and is killed with SIGKILL `kills` times at random
/// moments meanwhile. The result says whether it converged and what it cost.
struct FaultCampaign {
    var certificates = 4
    var kills = 3
    /// Kills come at random moments this far apart.
    var killInterval: ClosedRange<Double> = 0.3...1.5
    /// How long the last controller may take to converge.
    var convergeTimeout: Duration = .seconds(240)
    var serverErrorRate = 0.1
    var conflictRate = 0.075
    var cutWatchAfterEvents = 5
    var watchHistory = 20
    var nonceRejectPercent = 50

    /// What a campaign found.
    struct Result: CustomStringConvertible {
        var certificates = 0
        var valid = 0
        var kills = 0
        var exitedOnTheirOwn: [String] = []
        var ordersPlaced = 0
        var ordersResumed = 0
        var secondsToConverge: Double?
        var challengeObjectsLeft: [String] = []
        var journalEntriesLeft = 0
        var lastControllerRunning = false
        var apiRequests = 0

        var description: String {
            let converge = secondsToConverge.map { String(format: "%.1f s", $0) } ?? "did not converge"
            return "certificates valid \(valid)/\(certificates); converged in \(converge); kill -9: \(kills); "
                + "orders placed \(ordersPlaced), resumed \(ordersResumed); challenge objects left \(challengeObjectsLeft.count); "
                + "journal entries left \(journalEntriesLeft); exited on their own \(exitedOnTheirOwn.count); API requests \(apiRequests)"
        }
    }

    static func ingress(_ index: Int) -> String {
        """
        {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"fault-\(index)","namespace":"default",
         "annotations":{"kubernetes.io/tls-acme":"true"}},"spec":{"ingressClassName":"nginx",
         "tls":[{"hosts":["fault-\(index).example.com"],"secretName":"fault-\(index)-tls"}],
         "rules":[{"host":"fault-\(index).example.com"}]}}
        """
    }

    var clusterOptions: SandboxClusterOptions {
        var options = SandboxClusterOptions()
        let rule = SandboxFaults.ErrorRule(rate: serverErrorRate, status: 500)
        options.apiFaults = SandboxFaults(
            errors: Dictionary(uniqueKeysWithValues: SandboxVerb.allCases.map { ($0, rule) }),
            spuriousConflictRate: conflictRate, cutWatchAfterEvents: cutWatchAfterEvents)
        options.apiWatchHistory = watchHistory
        options.pebbleNonceRejectPercent = nonceRejectPercent
        options.manifests = (0..<certificates).map(Self.ingress)
        return options
    }

    /// Runs the campaign in `e2e` (made with `clusterOptions`).
    func run(_ e2e: EndToEnd) async throws -> Result {
        var result = Result(certificates: certificates)
        let environment = ["LEGO_LOG_LEVEL": "debug"]
        var processes: [ControllerProcess] = []
        let started = ContinuousClock.now
        var controller = try e2e.startController(environment)
        processes.append(controller)
        for _ in 0..<kills {
            // A random moment, but one with an order in flight when there is any: wait (up to the interval's
            // upper bound) until the journal names an order, then a random part of the lower bound more.
            let latest = ContinuousClock.now + .milliseconds(Int(killInterval.upperBound * 1000))
            while ContinuousClock.now < latest, try await inFlightOrders(e2e) == 0, try await validCount(e2e) < certificates {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await Task.sleep(for: .milliseconds(Int(Double.random(in: 0...killInterval.lowerBound) * 1000)))
            if !controller.isRunning {
                result.exitedOnTheirOwn.append("exit \(controller.exitStatus ?? -1): \(controller.logTail(600))")
            }
            controller.killImmediately()
            result.kills += 1
            controller = try e2e.startController(environment)
            processes.append(controller)
        }
        let deadline = started + convergeTimeout
        var converged = false
        while ContinuousClock.now < deadline {
            if try await validCount(e2e) == certificates {
                converged = true
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        if converged { result.secondsToConverge = Self.seconds(ContinuousClock.now - started) }
        result.valid = try await validCount(e2e, verify: true)
        // Challenge objects are withdrawn once nothing needs them (a killed run's leftovers by the next run).
        _ = try await e2e.eventually(timeout: .seconds(60)) { try await challengeObjects(e2e).isEmpty }
        result.challengeObjectsLeft = try await challengeObjects(e2e)
        _ = try await e2e.eventually(timeout: .seconds(30)) { try await journalEntries(e2e) == 0 }
        result.journalEntriesLeft = try await journalEntries(e2e)
        result.lastControllerRunning = controller.isRunning
        if !controller.isRunning { result.exitedOnTheirOwn.append("last: exit \(controller.exitStatus ?? -1)") }
        result.apiRequests = e2e.cluster.api.requestCounts.values.reduce(0, +)
        await controller.stop()
        for process in processes {
            let log = process.logTail(Int.max)
            result.ordersPlaced += log.components(separatedBy: "order created").count - 1
            result.ordersResumed += log.components(separatedBy: "resuming a journaled order").count - 1
        }
        return result
    }

    /// How many fault-N-tls Secrets hold a certificate for their host with its key (verified against Pebble's root
    /// when `verify`).
    func validCount(_ e2e: EndToEnd, verify: Bool = false) async throws -> Int {
        let secrets = try await e2e.kube.list(Secret.self, namespace: "default").items
        var valid = 0
        for index in 0..<certificates {
            guard let secret = secrets.first(where: { $0.name == "fault-\(index)-tls" }),
                  let crt = secret.data["tls.crt"], let keyPEM = secret.data["tls.key"],
                  let chain = try? CertificateChain(pem: String(decoding: crt, as: UTF8.self)),
                  let key = try? PrivateKey(pem: String(decoding: keyPEM, as: UTF8.self)),
                  chain.leaf.dnsNames == ["fault-\(index).example.com"], key.matches(chain.leaf)
            else { continue }
            if verify, !(try await e2e.verifies(chain)) { continue }
            valid += 1
        }
        return valid
    }

    /// The challenge Ingresses and Services kube-lego made in its namespace.
    func challengeObjects(_ e2e: EndToEnd) async throws -> [String] {
        let ingresses = try await e2e.kube.list(Ingress.self, namespace: "kube-lego").items.map { "Ingress \($0.name)" }
        let services = try await e2e.kube.list(Service.self, namespace: "kube-lego").items
            .filter { $0.metadata.labels["app.kubernetes.io/managed-by"] == "kube-lego" }.map { "Service \($0.name)" }
        return ingresses + services
    }

    /// Journal entries that name an order (placed at the CA, not finished yet).
    func inFlightOrders(_ e2e: EndToEnd) async throws -> Int {
        let journal: Secret
        do {
            journal = try await e2e.kube.get(Secret.self, namespace: "kube-lego", name: "kube-lego-orders")
        } catch where error.code == .notFound {
            return 0
        } catch {
            throw error
        }
        var count = 0
        for key in journal.data.keys {
            let value = String(decoding: journal.data[key] ?? [], as: UTF8.self)
            if value.contains("\"orderURL\"") { count += 1 }
        }
        return count
    }

    /// Entries left in the order journal Secret.
    func journalEntries(_ e2e: EndToEnd) async throws -> Int {
        do {
            return try await e2e.kube.get(Secret.self, namespace: "kube-lego", name: "kube-lego-orders").data.keys.count
        } catch where error.code == .notFound {
            return 0
        } catch {
            throw error
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
