import Foundation
import KubeLegoACME
import KubeLegoCore
import KubeLegoKube
import KubeLegoPebble
import KubeLegoSandbox
import KubeLegoTLS
import Testing

@Suite("faults: transient API errors are not failures; an issued certificate is never dropped", .serialized, .timeLimit(.minutes(3)))
struct FaultToleranceTests {
    @Test("storing an issued certificate outlasts more consecutive API failures than one request's retries")
    func storeOutlastsAnOutage() async throws {
        let factory = try LeafFactory()
        let (chain, key) = try factory.leaf(["store.example"])
        try await withSandbox { server, _ in
            var options = KubeClientOptions(version: "test", qps: 0, burst: 1)
            options.retry = KubeRetryPolicy(maxAttempts: 3, maxElapsed: .seconds(5), backoff: Backoff(initial: .milliseconds(1), maximum: .milliseconds(5)))
            let kube = try KubeClient(settings: ConnectionSettings(server: server.baseURL), options: options, logger: quietLogger)
            // Seven failures in a row: more than the client's three tries, so the writer's own loop must carry on.
            server.faults = SandboxFaults(errors: [.get: .init(rate: 1), .create: .init(rate: 1, status: 503)], budget: 7)
            let writer = CertificateSecretWriter(kube: kube, configuration: try testConfiguration(), logger: quietLogger)
            try await writer.store(
                certificateChainPEM: chain, privateKeyPEM: key, to: ObjectReference(namespace: "web", name: "store-tls"), now: { Date() })
            let stored = try await kube.get(Secret.self, namespace: "web", name: "store-tls")
            #expect(stored.data["tls.crt"].map { String(decoding: $0, as: UTF8.self) } == chain)
            await kube.shutdown()
        }
    }

    @Test("three certificates under API 500s, spurious 409s and Pebble rejecting half the nonces: one order each, no failure")
    func issuesUnderFaults() async throws {
        try await ControllerHarness.run(pebbleOptions: { $0.nonceRejectPercent = 50 }) { harness in
            let configuration = try harness.configuration()
            let counter = OrderCounter()
            let acme = ACMEClient(directoryURL: harness.pebble.directoryURL, httpClient: harness.http, logger: quietLogger,
                                  configuration: counter.configuration)
            var environment = harness.environment(configuration)
            environment.acme = acme
            environment.accounts = AccountStore(kube: harness.kube, acme: acme, configuration: configuration, logger: quietLogger)
            let controller = Controller(environment: environment)
            for name in ["one", "two", "three"] {
                try await harness.createIngress(#"""
                    {"metadata":{"name":"\#(name)","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true"}},
                     "spec":{"tls":[{"hosts":["\#(name).example"],"secretName":"\#(name)-tls"}]}}
                    """#)
            }
            harness.server.faults = SandboxFaults(
                errors: [.get: .init(rate: 0.1), .list: .init(rate: 0.1), .create: .init(rate: 0.1), .update: .init(rate: 0.1),
                         .patch: .init(rate: 0.1), .delete: .init(rate: 0.1)],
                spuriousConflictRate: 0.1)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await controller.run() }
                defer { group.cancelAll() }
                for name in ["one", "two", "three"] {
                    let secret = try await harness.waitForSecret("web", "\(name)-tls", timeout: .seconds(90)) { $0.data["tls.crt"] != nil }
                    let leaf = try CertificateChain(pem: String(decoding: secret.data["tls.crt"] ?? [], as: UTF8.self)).leaf
                    let key = try PrivateKey(pem: String(decoding: secret.data["tls.key"] ?? [], as: UTF8.self))
                    #expect(key.matches(leaf))
                }
                // Each entry goes right after its Secret is stored, while the controller runs: wait for that.
                let journal = OrderJournal(kube: harness.kube, namespace: configuration.namespace, logger: quietLogger)
                #expect(try await harness.eventually { try await journal.entries().isEmpty })
            }
            harness.server.faults = SandboxFaults()
            #expect(counter.newOrders == 3, "one order per certificate: no order was thrown away")
            let failures = try await harness.kube.list(Event.self, namespace: "web").items.filter { $0.type == "Warning" }
            #expect(failures.isEmpty, "transient faults are not failures: \(failures.compactMap(\.message))")

        }
    }
}
