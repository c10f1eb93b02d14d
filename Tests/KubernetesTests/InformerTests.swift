import KubeLegoKube
import KubeLegoSandbox
import Synchronization
import Testing

/// Records informer events as "added name", "updated name", "deleted name".
final class EventLog: Sendable {
    private let entries = Mutex<[String]>([])

    func record<Object>(_ event: InformerEvent<Object>) {
        let line = switch event {
        case .added(let object): "added \(object.name)"
        case .updated(_, let object): "updated \(object.name)"
        case .deleted(let object): "deleted \(object.name)"
        }
        entries.withLock { $0.append(line) }
    }

    var all: [String] { entries.withLock { $0 } }
}

/// Runs `informer` in a child task while `body` runs, then cancels it and waits for it to end.
func whileRunning<Object>(
    _ informer: Informer<Object>, log: EventLog, _ body: () async throws -> Void
) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await informer.run { log.record($0) } }
        do {
            try await body()
        } catch {
            group.cancelAll()
            throw error
        }
        group.cancelAll()
        try await group.waitForAll()
    }
}

/// Whether the informer's store holds exactly what a fresh list returns (same keys, same resourceVersions).
func storeMatchesList<Object: KubeResource>(_ informer: Informer<Object>, _ client: KubeClient, namespace: String?, labelSelector: String? = nil) async throws -> Bool {
    let fresh = try await client.listAll(Object.self, namespace: namespace, options: ListOptions(labelSelector: labelSelector))
    let cached = informer.store.list()
    let freshVersions = Dictionary(uniqueKeysWithValues: fresh.items.map { ($0.key, $0.metadata.resourceVersion ?? "") })
    let cachedVersions = Dictionary(uniqueKeysWithValues: cached.map { ($0.key, $0.metadata.resourceVersion ?? "") })
    return freshVersions == cachedVersions
}

@Suite("informer: list + watch cache against the sandbox")
struct InformerTests {
    static let fastBackoff = Backoff(initial: .milliseconds(20), maximum: .milliseconds(200), jitter: 0)

    @Test func syncsThenDeliversAddsUpdatesAndDeletes() async throws {
        try await withSandboxClient { _, client in
            _ = try await client.create(configMap("existing"))
            _ = try await client.create(configMap("elsewhere", namespace: "kube-system"))
            let informer = Informer<ConfigMap>(client: client, namespace: "default", backoff: Self.fastBackoff, logger: testLogger)
            let log = EventLog()
            try await whileRunning(informer, log: log) {
                await informer.waitUntilSynced()
                #expect(informer.hasSynced)
                #expect(informer.store.keys.map(\.description) == ["default/existing"])
                _ = try await client.create(configMap("new"))
                _ = try await client.mergePatch(ConfigMap.self, namespace: "default", name: "existing", patch: ["data": ["k": "2"]])
                try await client.delete(ConfigMap.self, namespace: "default", name: "new")
                #expect(await eventually { log.all.count == 4 })
                #expect(informer.store.get(namespace: "default", name: "existing")?.data["k"] == "2")
                #expect(informer.store.get(namespace: "default", name: "new") == nil)
            }
            #expect(log.all == ["added existing", "added new", "updated existing", "deleted new"])
            #expect(informer.listCount == 1)
        }
    }

    @Test func relistsAfterGoneAndReportsWhatChangedInTheGap() async throws {
        try await withSandboxClient(SandboxOptions(watchHistory: 3)) { server, client in
            _ = try await client.create(configMap("vanishes"))
            _ = try await client.create(configMap("changes"))
            let informer = Informer<ConfigMap>(
                client: client, namespace: "default",
                backoff: Backoff(initial: .milliseconds(300), maximum: .milliseconds(300), jitter: 0), logger: testLogger)
            let log = EventLog()
            // A watch's faults are fixed when it opens: every stream is cut after its first event.
            server.faults = SandboxFaults(cutWatchAfterEvents: 1)
            try await whileRunning(informer, log: log) {
                await informer.waitUntilSynced()
                #expect(await eventually { server.openWatchCount == 1 })
                // The next event cuts the stream; the changes after it overflow the 3-event history before the
                // informer reconnects (300 ms back-off), so it must get 410 and relist.
                _ = try await client.create(configMap("first"))
                try await client.delete(ConfigMap.self, namespace: "default", name: "vanishes")
                _ = try await client.mergePatch(ConfigMap.self, namespace: "default", name: "changes", patch: ["data": ["k": "2"]])
                for index in 0..<5 { _ = try await client.create(configMap("later-\(index)")) }
                server.faults = SandboxFaults()
                #expect(await eventually { informer.listCount >= 2 })
                #expect(try await eventually { try await storeMatchesList(informer, client, namespace: "default") })
            }
            let events = log.all
            #expect(events.contains("deleted vanishes"))
            #expect(events.contains("updated changes"))
            #expect(events.filter { $0.hasPrefix("added later-") }.count == 5)
        }
    }

    @Test func droppedStreamsResumeFromTheLastVersionWithoutRelisting() async throws {
        try await withSandboxClient { server, client in
            let informer = Informer<ConfigMap>(client: client, namespace: "default", backoff: Self.fastBackoff, logger: testLogger)
            let log = EventLog()
            // A watch's faults are fixed when it opens: every stream is cut after two events.
            server.faults = SandboxFaults(cutWatchAfterEvents: 2)
            try await whileRunning(informer, log: log) {
                await informer.waitUntilSynced()
                #expect(await eventually { server.openWatchCount == 1 })
                for index in 0..<30 {
                    _ = try await client.create(configMap("m-\(index)"))
                }
                #expect(await eventually { informer.store.count == 30 })
                #expect(try await storeMatchesList(informer, client, namespace: "default"))
            }
            #expect(informer.listCount == 1)
            #expect(log.all.count == 30)
            #expect(Set(log.all).count == 30)
        }
    }

    @Test func cacheUnderChurnEndsEqualToAFreshList() async throws {
        try await withSandboxClient(SandboxOptions(watchHistory: 10_000)) { _, client in
            let informer = Informer<ConfigMap>(client: client, backoff: Self.fastBackoff, logger: testLogger)
            let log = EventLog()
            try await whileRunning(informer, log: log) {
                await informer.waitUntilSynced()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<4 {
                        group.addTask {
                            for index in stride(from: worker, to: 1000, by: 4) {
                                let namespace = index.isMultiple(of: 2) ? "default" : "kube-system"
                                _ = try await client.create(configMap("churn-\(index)", namespace: namespace))
                                if index.isMultiple(of: 3) {
                                    _ = try await client.mergePatch(
                                        ConfigMap.self, namespace: namespace, name: "churn-\(index)", patch: ["data": ["k": "updated"]])
                                }
                                if index.isMultiple(of: 5) {
                                    try await client.delete(ConfigMap.self, namespace: namespace, name: "churn-\(index)")
                                }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(try await eventually(timeout: .seconds(60)) { try await storeMatchesList(informer, client, namespace: nil) })
            }
            #expect(informer.store.count == 800)
            #expect(informer.store.list().filter { $0.data["k"] == "updated" }.count == 267)
            let events = log.all
            #expect(events.filter { $0.hasPrefix("added") }.count == 1000)
            #expect(events.filter { $0.hasPrefix("deleted") }.count == 200)
        }
    }

    @Test func secretsInformerHoldsOnlyLabelledSecrets() async throws {
        try await withSandboxClient { _, client in
            for index in 0..<40 {
                var secret = Secret(name: "unrelated-\(index)", namespace: "default")
                secret.data["blob"] = Array(repeating: 7, count: 2048)
                _ = try await client.create(secret)
            }
            for index in 0..<3 {
                var secret = Secret(name: "managed-\(index)", namespace: "default")
                secret.metadata.labels["kube-lego.example/managed"] = "true"
                _ = try await client.create(secret)
            }
            let selector = LabelSelector([.equals("kube-lego.example/managed", "true")]).description
            let informer = Informer<Secret>(client: client, labelSelector: selector, backoff: Self.fastBackoff, logger: testLogger)
            let log = EventLog()
            try await whileRunning(informer, log: log) {
                await informer.waitUntilSynced()
                #expect(informer.store.count == 3)
                _ = try await client.create(Secret(name: "unrelated-late", namespace: "default"))
                // Labelling an unrelated Secret brings it in; removing the label takes it out again.
                _ = try await client.mergePatch(
                    Secret.self, namespace: "default", name: "unrelated-1",
                    patch: ["metadata": ["labels": ["kube-lego.example/managed": "true"]]])
                #expect(await eventually { informer.store.count == 4 })
                _ = try await client.mergePatch(
                    Secret.self, namespace: "default", name: "unrelated-1",
                    patch: ["metadata": ["labels": ["kube-lego.example/managed": nil]]])
                #expect(await eventually { informer.store.count == 3 })
            }
            #expect(informer.store.list().allSatisfy { $0.name.hasPrefix("managed-") })
            #expect(!log.all.contains("added unrelated-late"))
            #expect(log.all.suffix(2) == ["added unrelated-1", "deleted unrelated-1"])
        }
    }
}

@Suite("informer recovery from API errors")
struct InformerRecoveryTests {
    @Test func listFailuresAreRetriedUntilSynced() async throws {
        try await withSandboxClient { server, client in
            _ = try await client.create(configMap("present"))
            server.faults = SandboxFaults(errors: [.list: .init(rate: 1, status: 503)], budget: 3)
            let informer = Informer<ConfigMap>(client: client, namespace: "default", backoff: InformerTests.fastBackoff, logger: testLogger)
            let log = EventLog()
            try await whileRunning(informer, log: log) {
                await informer.waitUntilSynced()
                #expect(informer.store.keys.map(\.name) == ["present"])
            }
            #expect(log.all == ["added present"])
        }
    }

    @Test func failingWatchesAreRetriedAndTheCacheCatchesUp() async throws {
        try await withSandboxClient { server, client in
            let informer = Informer<ConfigMap>(client: client, namespace: "default", backoff: InformerTests.fastBackoff, logger: testLogger)
            let log = EventLog()
            server.faults = SandboxFaults(errors: [.watch: .init(rate: 1, status: 500)], budget: 5)
            try await whileRunning(informer, log: log) {
                await informer.waitUntilSynced()
                _ = try await client.create(configMap("during-outage"))
                #expect(await eventually { informer.store.get(namespace: "default", name: "during-outage") != nil })
            }
            #expect(informer.listCount == 1)
            #expect(log.all == ["added during-outage"])
        }
    }
}
