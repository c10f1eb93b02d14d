import Foundation
import KubeLegoACME
import KubeLegoCore
import KubeLegoKube
import KubeLegoSandbox
import Testing

@Suite("AttemptLedger")
struct AttemptLedgerTests {
    let shop = ObjectReference(namespace: "web", name: "shop-tls")
    let blog = ObjectReference(namespace: "web", name: "blog-tls")

    func ledger(_ kube: KubeClient, clock: ManualClock, jitter: Double = 0) throws -> AttemptLedger {
        AttemptLedger(kube: kube, configuration: try testConfiguration(), logger: quietLogger, now: { clock.now }, jitter: { jitter })
    }

    @Test("waits grow 10 min, 20 min, 40 min ... up to 24 h, with the jitter applied")
    func schedule() async throws {
        try await withSandbox { _, kube in
            let clock = ManualClock()
            let plain = try ledger(kube, clock: clock)
            try await plain.load()
            var waits: [TimeInterval] = []
            for _ in 0..<10 {
                let next = await plain.recordFailure(shop, error: "boom", retryAfter: nil, now: clock.now)
                waits.append(next.timeIntervalSince(clock.now))
            }
            #expect(waits == [600, 1200, 2400, 4800, 9600, 19_200, 38_400, 76_800, 86_400, 86_400])
            #expect(await plain.notBefore(shop) == clock.now.addingTimeInterval(86_400))
            #expect(await plain.entries()[shop]?.failures == 10)

            let jittered = try ledger(kube, clock: clock, jitter: 0.1)
            let next = await jittered.recordFailure(blog, error: "boom", retryAfter: nil, now: clock.now)
            #expect(abs(next.timeIntervalSince(clock.now) - 660) < 0.001)
        }
    }

    @Test("the CA's Retry-After is a floor; a time in the past is not")
    func retryAfterFloor() async throws {
        try await withSandbox { _, kube in
            let clock = ManualClock()
            let ledger = try ledger(kube, clock: clock)
            let later = clock.now.addingTimeInterval(3 * 3600)
            #expect(await ledger.recordFailure(shop, error: "rateLimited", retryAfter: later, now: clock.now) == later)
            let earlier = clock.now.addingTimeInterval(60)
            #expect(await ledger.recordFailure(blog, error: "x", retryAfter: earlier, now: clock.now) == clock.now.addingTimeInterval(600))
        }
    }

    @Test("a Retry-After of Int.max seconds is kept as a week, not a trap in the stored timestamp (found by Fuzz/FuzzACMEProblem)")
    func absurdRetryAfter() async throws {
        try await withSandbox { _, kube in
            let clock = ManualClock()
            let first = try ledger(kube, clock: clock)
            try await first.load()
            let far = try #require(RetryAfter.date(from: "9223372036854775807", now: clock.now))
            #expect(far == clock.now.addingTimeInterval(RetryAfter.maximumDelay))
            #expect(await first.recordFailure(shop, error: "rateLimited", retryAfter: far, now: clock.now) == far)
            let second = try ledger(kube, clock: clock)
            try await second.load()
            #expect(await second.notBefore(shop) == far)
        }
    }

    @Test("state survives a restart (a new ledger loading the ConfigMap) and expires with time")
    func persistence() async throws {
        try await withSandbox { _, kube in
            let clock = ManualClock()
            let first = try ledger(kube, clock: clock)
            try await first.load()
            let long = String(repeating: "é", count: 2000)
            let next = await first.recordFailure(shop, error: long, retryAfter: nil, now: clock.now)
            _ = await first.recordFailure(shop, error: "second", retryAfter: nil, now: clock.now)
            _ = await first.recordFailure(blog, error: long, retryAfter: nil, now: clock.now)

            let map = try await kube.get(ConfigMap.self, namespace: "kube-lego", name: "kube-lego-state")
            #expect(map.metadata.labels["app.kubernetes.io/managed-by"] == "kube-lego")
            #expect(Set(map.data.keys) == ["web.shop-tls", "web.blog-tls"])
            #expect(map.data["web.shop-tls"]?.contains("\"failures\":2") == true)

            let restarted = try ledger(kube, clock: clock)
            try await restarted.load()
            #expect(await restarted.entries() == (await first.entries()))
            #expect(await restarted.notBefore(shop) == clock.now.addingTimeInterval(1200))
            #expect(next == clock.now.addingTimeInterval(600))
            #expect(await restarted.entries()[blog]?.lastError.utf8.count ?? 0 <= 1024)
            #expect(await restarted.entries()[blog]?.lastError.hasPrefix("éé") == true)
            clock.advance(1201)
            #expect(await restarted.notBefore(shop) == nil)
            #expect(await restarted.notBefore(ObjectReference(namespace: "web", name: "unknown")) == nil)
        }
    }

    @Test("success clears the entry in memory and in the ConfigMap, leaving the others")
    func successClears() async throws {
        try await withSandbox { _, kube in
            let clock = ManualClock()
            let ledger = try ledger(kube, clock: clock)
            _ = await ledger.recordFailure(shop, error: "x", retryAfter: nil, now: clock.now)
            _ = await ledger.recordFailure(blog, error: "y", retryAfter: nil, now: clock.now)
            await ledger.recordSuccess(shop)
            #expect(await ledger.notBefore(shop) == nil)
            let map = try await kube.get(ConfigMap.self, namespace: "kube-lego", name: "kube-lego-state")
            #expect(map.data.keys == ["web.blog-tls"])
            _ = await ledger.recordFailure(shop, error: "x", retryAfter: nil, now: clock.now)
            #expect(await ledger.entries()[shop]?.failures == 1)
        }
    }

    @Test("conflicting writes are retried: spurious 409s and two ledgers writing at once lose nothing")
    func conflicts() async throws {
        try await withSandbox { server, kube in
            let clock = ManualClock()
            let first = try ledger(kube, clock: clock)
            _ = await first.recordFailure(shop, error: "x", retryAfter: nil, now: clock.now)
            server.faults = SandboxFaults(spuriousConflictRate: 1, budget: 3)
            _ = await first.recordFailure(blog, error: "y", retryAfter: nil, now: clock.now)
            server.faults = SandboxFaults()
            let second = try ledger(kube, clock: clock)
            // Four writes at once: each loses at most three rounds, under the ledger's bound of ten.
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<2 {
                    group.addTask { _ = await first.recordFailure(ObjectReference(namespace: "a", name: "s\(index)"), error: "e", retryAfter: nil, now: clock.now) }
                    group.addTask { _ = await second.recordFailure(ObjectReference(namespace: "b", name: "s\(index)"), error: "e", retryAfter: nil, now: clock.now) }
                }
            }
            let restarted = try ledger(kube, clock: clock)
            try await restarted.load()
            let names = Set(await restarted.entries().keys.map(\.description))
            #expect(names == ["web/shop-tls", "web/blog-tls", "a/s0", "a/s1", "b/s0", "b/s1"])
        }
    }

    @Test("unreadable entries are ignored on load")
    func unreadableEntries() async throws {
        try await withSandbox { _, kube in
            var map = ConfigMap(name: "kube-lego-state", namespace: "kube-lego")
            map.data["web.x"] = "not json"
            map.data["web.y"] = #"{"namespace":"web","name":"y","failures":3,"nextAttempt":"2030-01-01T00:00:00Z","lastError":"e"}"#
            _ = try await kube.create(map)
            let ledger = try ledger(kube, clock: ManualClock())
            try await ledger.load()
            #expect(await ledger.entries() == [ObjectReference(namespace: "web", name: "y"): AttemptRecord(failures: 3, nextAttempt: Date(timeIntervalSince1970: 1_893_456_000), lastError: "e")])
        }
    }
}
