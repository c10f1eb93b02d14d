import Foundation
import KubeLegoKube
import KubeLegoPebble
import KubeLegoSandbox
import KubeLegoTLS
import Testing

/// Three replicas of the binary against one sandbox, nginx and Pebble: one leads and issues, the others wait
/// with warm caches; a killed leader is replaced within the lease duration, a stopped one at once.
@Suite("End to end: three replicas with leader election", .serialized, .timeLimit(.minutes(6)))
struct HighAvailabilityEndToEndTests {
    static let leaseDuration = 10.0

    static func ingress(_ index: Int) -> String {
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: ha-\(index)
          namespace: default
          annotations: {kubernetes.io/tls-acme: "true"}
        spec:
          ingressClassName: nginx
          tls:
          - hosts: [ha-\(index).example.com]
            secretName: ha-\(index)-tls
          rules:
          - host: ha-\(index).example.com
        """
    }

    func holder(_ e2e: EndToEnd) async -> String? {
        (try? await e2e.kube.get(Lease.self, namespace: "kube-lego", name: "kube-lego-leader"))?.holderIdentity
    }

    func waitForHolder(_ e2e: EndToEnd, otherThan previous: String?, timeout: Duration = .seconds(60)) async throws -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let name = await holder(e2e), !name.isEmpty, name != previous { return name }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    @Test("one leader issues; kill -9 hands over within the lease, SIGTERM at once; every certificate valid")
    func failover() async throws {
        var options = SandboxClusterOptions()
        options.manifests = (0..<4).map(Self.ingress)
        try await EndToEnd.run(options) { e2e in
            let ports = try LoopbackPorts.free(3)
            var replicas: [String: ControllerProcess] = [:]
            for (index, port) in ports.enumerated() {
                let name = "kube-lego-\(index)"
                replicas[name] = try e2e.startController([
                    "LEGO_POD_NAME": name, "LEGO_PORT": String(port), "LEGO_LEASE_DURATION": "\(Int(Self.leaseDuration))s",
                    "LEGO_LEASE_RENEW_DEADLINE": "6s", "LEGO_LEASE_RETRY_PERIOD": "500ms",
                ])
            }
            let logs = { replicas.map { "\($0.key):\n\($0.value.logTail())" }.joined(separator: "\n") }
            for index in 0..<4 {
                #expect(try await e2e.waitForCertificate("default", "ha-\(index)-tls") != nil, "ha-\(index): \(logs())")
            }
            let first = try #require(try await waitForHolder(e2e, otherThan: nil))
            // Only the leader acted: it logged the orders, the others never did.
            #expect(replicas[first]?.logTail(1_000_000).contains("ordering certificate") == true)
            for (name, replica) in replicas where name != first {
                #expect(!replica.logTail(1_000_000).contains("ordering certificate"), "\(name) ordered while \(first) led")
            }

            // kill -9 the leader: it cannot release; the next leader waits out the lease, then takes over.
            replicas[first]?.killImmediately()
            let killedAt = ContinuousClock.now
            try e2e.apply(Self.ingress(4))
            let second = try #require(try await waitForHolder(e2e, otherThan: first), "\(logs())")
            let takeover = ContinuousClock.now - killedAt
            #expect(takeover < .seconds(Self.leaseDuration + 5), "takeover after kill -9 took \(takeover)")
            print("high availability: takeover after kill -9 of the leader: \(takeover) (lease \(Self.leaseDuration) s)")
            #expect(try await e2e.waitForCertificate("default", "ha-4-tls") != nil, "the new leader did not issue: \(logs())")

            // SIGTERM the new leader: it releases the lease, and the last replica takes over long before expiry.
            let stopping = try #require(replicas[second])
            await stopping.stop()
            let stoppedAt = ContinuousClock.now
            #expect(stopping.exitStatus == 0)
            let third = try #require(try await waitForHolder(e2e, otherThan: second), "\(logs())")
            let handover = ContinuousClock.now - stoppedAt
            #expect(handover < .seconds(Self.leaseDuration - 2), "a released lease must be taken at once")
            print("high availability: takeover after SIGTERM of the leader: \(handover)")
            #expect(third != first)
            try e2e.apply(Self.ingress(5))
            #expect(try await e2e.waitForCertificate("default", "ha-5-tls") != nil, "the third leader did not issue: \(logs())")

            // Every certificate valid, with its own key; nothing left for the challenge.
            for index in 0..<6 {
                let issued = try #require(try await e2e.waitForCertificate("default", "ha-\(index)-tls"))
                #expect(issued.key.matches(issued.chain.leaf))
                #expect(try await e2e.verifies(issued.chain))
            }
            let cleared = try await e2e.eventually { try await e2e.kube.list(Ingress.self, namespace: "kube-lego").items.isEmpty }
            #expect(cleared, "challenge Ingress left behind")
            for replica in replicas.values where replica.isRunning { await replica.stop() }
        }
    }
}
