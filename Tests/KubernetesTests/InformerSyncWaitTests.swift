@testable import KubeLegoKube
import Synchronization
import Testing

@Suite("informer: waiting for the first sync", .timeLimit(.minutes(1)))
struct InformerSyncWaitTests {
    /// Fails by timing out when cancellation is ignored: the waiter is known to be suspended before it is
    /// cancelled, and the informer can never sync (nothing listens on the port).
    @Test func waitUntilSyncedHonoursCancellation() async throws {
        let client = try KubeClient(settings: ConnectionSettings(server: "http://127.0.0.1:1"), options: .noRetry, logger: testLogger)
        let informer = Informer<ConfigMap>(client: client, logger: testLogger)
        let returned = Mutex(false)
        let waiter = Task {
            await informer.waitUntilSynced()
            returned.withLock { $0 = true }
        }
        #expect(await eventually { informer.syncWaiterCount == 1 }, "the waiter is suspended, waiting for a sync")
        #expect(!returned.withLock { $0 })
        waiter.cancel()
        await waiter.value
        #expect(returned.withLock { $0 })
        #expect(informer.syncWaiterCount == 0)
        #expect(!informer.hasSynced)
        await client.shutdown()
    }
}
