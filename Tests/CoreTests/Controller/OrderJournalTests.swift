import Foundation
import KubeLegoACME
import KubeLegoChallengeSolvers
import KubeLegoCore
import KubeLegoKube
import KubeLegoPebble
import KubeLegoSandbox
import KubeLegoTLS
import Synchronization
import Testing

/// A solver that holds every challenge until the gate opens (cancellation ends the wait), then answers it.
final class GatedSolver: ChallengeSolver {
    let inner: any ChallengeSolver
    let presented = Mutex(0)
    private let open: Bool

    init(_ inner: any ChallengeSolver, open: Bool) {
        self.inner = inner
        self.open = open
    }

    var challengeType: String { inner.challengeType }

    func present(_ task: ChallengeTask) async throws {
        presented.withLock { $0 += 1 }
        if !open { try await Task.sleep(for: .seconds(3600)) }
        try await inner.present(task)
    }

    func waitUntilReady(_ task: ChallengeTask) async throws { try await inner.waitUntilReady(task) }
    func cleanUp(_ task: ChallengeTask) async { await inner.cleanUp(task) }
}

/// Counts newOrder requests the CA accepted (201), through the ACME client's request observer.
final class OrderCounter: Sendable {
    private let count = Mutex(0)
    var newOrders: Int { count.withLock { $0 } }

    var configuration: ACMEClientConfiguration {
        var configuration = ACMEClientConfiguration()
        configuration.requestObserver = { record in
            if record.endpoint == "newOrder" && record.status == 201 { self.count.withLock { $0 += 1 } }
        }
        return configuration
    }
}

@Suite("order journal: a stopped issuance costs no order", .serialized, .timeLimit(.minutes(3)))
struct OrderJournalTests {
    static let ingress = #"""
        {"metadata":{"name":"shop","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true"}},
         "spec":{"tls":[{"hosts":["resume.example"],"secretName":"resume-tls"}]}}
        """#
    static let secret = ObjectReference(namespace: "web", name: "resume-tls")

    func environment(_ harness: ControllerHarness, _ configuration: Configuration, acme: ACMEClient, open: Bool) -> ControllerEnvironment {
        var environment = harness.environment(configuration)
        environment.acme = acme
        let responder = harness.responder, http = harness.http
        let solver = GatedSolver(HTTP01Solver(responder: responder, client: http, selfCheck: .init(enabled: false), logger: quietLogger), open: open)
        environment.methods = ["http-01": FixedSolvers(solvers: [solver])]
        environment.accounts = AccountStore(kube: harness.kube, acme: acme, configuration: configuration, logger: quietLogger)
        return environment
    }

    func run(_ environment: ControllerEnvironment, until body: () async throws -> Void) async throws {
        let controller = Controller(environment: environment)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await controller.run() }
            defer { group.cancelAll() }
            try await body()
        }
    }

    @Test("stopped after the order was journaled, the next run finishes that same order: one newOrder in all")
    func resumesAfterStop() async throws {
        try await ControllerHarness.run { harness in
            let configuration = try harness.configuration()
            let counter = OrderCounter()
            let acme = ACMEClient(directoryURL: harness.pebble.directoryURL, httpClient: harness.http, logger: quietLogger,
                                  configuration: counter.configuration)
            let journal = OrderJournal(kube: harness.kube, namespace: configuration.namespace, logger: quietLogger)
            try await harness.createIngress(Self.ingress)

            // First run: the challenge is held, so the order is in flight when the controller is stopped.
            var journaled: OrderJournalEntry?
            try await run(environment(harness, configuration, acme: acme, open: false)) {
                let deadline = ContinuousClock.now + .seconds(60)
                while journaled == nil, ContinuousClock.now < deadline {
                    journaled = try await journal.entry(for: Self.secret).flatMap { $0.orderURL == nil ? nil : $0 }
                    if journaled == nil { try await Task.sleep(for: .milliseconds(50)) }
                }
            }
            let entry = try #require(journaled, "the order was never journaled")
            #expect(entry.hosts == ["resume.example"])
            #expect(counter.newOrders == 1)
            #expect(try await journal.entry(for: Self.secret) == entry, "a stopped issuance stays journaled")
            #expect(try await harness.secretIsAbsent("web", "resume-tls"))
            let ledger = AttemptLedger(kube: harness.kube, configuration: configuration, logger: quietLogger)
            try await ledger.load()
            #expect(await ledger.entries().isEmpty, "stopping is not a failure: no back-off")

            // Second run, as after a restart: the same order is finished with the journaled key.
            try await run(environment(harness, configuration, acme: acme, open: true)) {
                let stored = try await harness.waitForSecret("web", "resume-tls", timeout: .seconds(60))
                let leaf = try CertificateChain(pem: String(decoding: stored.data["tls.crt"] ?? [], as: UTF8.self)).leaf
                let key = try PrivateKey(pem: String(decoding: stored.data["tls.key"] ?? [], as: UTF8.self))
                #expect(key.matches(leaf))
                #expect(try PrivateKey(pem: entry.keyPEM).matches(leaf), "finalized with the journaled key")
                #expect(leaf.dnsNames == ["resume.example"])
                #expect(try await harness.eventually { try await journal.entry(for: Self.secret) == nil },
                        "the entry goes once the Secret is stored")
            }
            #expect(counter.newOrders == 1, "no second order for an order the CA still held")
        }
    }

    @Test("a journaled order the CA no longer knows is dropped, counted as a failure, and replaced at once")
    func deadOrderIsDropped() async throws {
        try await ControllerHarness.run { harness in
            let configuration = try harness.configuration()
            let journal = OrderJournal(kube: harness.kube, namespace: configuration.namespace, logger: quietLogger)
            let key = try PrivateKey.generate(.ec256)
            try await journal.record(OrderJournalEntry(
                secret: Self.secret, hosts: ["resume.example"],
                orderURL: harness.pebble.directoryURL.replacingOccurrences(of: "/dir", with: "/my-order/does-not-exist"),
                keyPEM: try key.pemTraditional()))
            try await harness.withController(configuration) {
                try await harness.createIngress(Self.ingress)
                let event = try await harness.waitForEvent("web", reason: "OrderAbandoned")
                #expect(event.type == "Warning")
                #expect(event.message?.contains("does-not-exist") == true)
                _ = try await harness.waitForSecret("web", "resume-tls") { $0.data["tls.crt"] != nil }
                #expect(try await harness.eventually { try await journal.entry(for: Self.secret) == nil })
            }
        }
    }

    @Test("the journal is one managed Secret keyed by certificate Secret; entries never show the key")
    func journalShape() async throws {
        try await withSandbox { _, kube in
            let journal = OrderJournal(kube: kube, namespace: "kube-lego", logger: quietLogger)
            let keyPEM = try PrivateKey.generate(.ec256).pemTraditional()
            let a = OrderJournalEntry(secret: ObjectReference(namespace: "web", name: "a-tls"), hosts: ["a.example"], orderURL: nil, keyPEM: keyPEM)
            var b = OrderJournalEntry(secret: ObjectReference(namespace: "shop", name: "b-tls"), hosts: ["b.example"], orderURL: nil, keyPEM: keyPEM)
            try await journal.record(a)
            try await journal.record(b)
            b.orderURL = "https://ca.example/order/1"
            try await journal.record(b)
            #expect(try await journal.entry(for: b.secret) == b)
            #expect(try await journal.entries().count == 2)
            let stored = try await kube.get(Secret.self, namespace: "kube-lego", name: OrderJournal.secretName)
            #expect(stored.metadata.labels[Markers.managedByLabel] == Markers.managedByValue)
            #expect(Set(stored.data.keys) == ["web.a-tls", "shop.b-tls"])
            #expect(!b.description.contains("PRIVATE KEY"))
            await journal.remove(a.secret)
            #expect(try await journal.entries() == [b])
        }
    }

    @Test("pruning drops the entries of certificates no served Ingress names, and keeps the others")
    func pruneUnwanted() async throws {
        try await withSandbox { _, kube in
            let journal = OrderJournal(kube: kube, namespace: "kube-lego", logger: quietLogger)
            let keyPEM = try PrivateKey.generate(.ec256).pemTraditional()
            let kept = OrderJournalEntry(secret: ObjectReference(namespace: "web", name: "kept-tls"), hosts: ["k.example"], orderURL: nil, keyPEM: keyPEM)
            let gone = OrderJournalEntry(secret: ObjectReference(namespace: "web", name: "gone-tls"), hosts: ["g.example"], orderURL: nil, keyPEM: keyPEM)
            try await journal.record(kept)
            try await journal.record(gone)
            await journal.prune(keeping: [kept.secret, ObjectReference(namespace: "web", name: "never-journaled")])
            #expect(try await journal.entries() == [kept])
        }
    }
}

/// A challenge method that offers fixed solvers and routes nothing.
struct FixedSolvers: ChallengeMethod {
    let solvers: [any ChallengeSolver]
    var name: String { "http-01" }
    func canValidate(host: String) -> Bool { true }
    func prepare(_ target: ChallengeTarget) async throws -> [any ChallengeSolver] { solvers }
    func finish(_ target: ChallengeTarget) async {}
}
