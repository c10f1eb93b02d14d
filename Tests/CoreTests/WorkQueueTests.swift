import KubeLegoCore
import Testing

@Suite("Work queue")
struct WorkQueueTests {
    let a = ObjectReference(namespace: "ns", name: "a")
    let b = ObjectReference(namespace: "ns", name: "b")

    @Test("a key waits at most once and comes out in order")
    func deduplicates() async {
        let queue = WorkQueue<ObjectReference>()
        queue.add(a)
        queue.add(b)
        queue.add(a)
        #expect(queue.depth == 2)
        #expect(await queue.next() == a)
        #expect(await queue.next() == b)
    }

    @Test("a key re-added while processing comes back only after done, never to two workers at once")
    func processingKeyIsDeferred() async {
        let queue = WorkQueue<ObjectReference>()
        queue.add(a)
        #expect(await queue.next() == a)
        queue.add(a)
        #expect(queue.depth == 0)
        queue.done(a)
        #expect(queue.depth == 1)
        #expect(await queue.next() == a)
    }

    @Test("a waiting worker is handed the next key added")
    func waiterReceivesKey() async {
        let queue = WorkQueue<ObjectReference>()
        async let key = queue.next()
        try? await Task.sleep(for: .milliseconds(20))
        queue.add(b)
        #expect(await key == b)
    }

    @Test("delayed keys become ready when due; the earlier time wins; an immediate add overrides")
    func delayed() async {
        let queue = WorkQueue<ObjectReference>()
        let start = ContinuousClock.now
        queue.add(a, at: start + .seconds(10))
        queue.add(a, at: start + .seconds(20))
        queue.add(b, at: start + .seconds(5))
        #expect(queue.promoteDue(now: start) == .seconds(5))
        #expect(queue.depth == 0)
        #expect(queue.promoteDue(now: start + .seconds(6)) == .seconds(4))
        #expect(await queue.next() == b)
        #expect(queue.promoteDue(now: start + .seconds(10)) == nil)
        #expect(await queue.next() == a)
        queue.done(a)
        queue.done(b)
        queue.add(b, at: start + .seconds(100))
        queue.add(b)
        #expect(queue.delayedCount == 0)
        #expect(queue.depth == 1)
    }

    @Test("cancelling a waiting worker returns nil; shutting down releases every waiter")
    func cancellationAndShutdown() async {
        let queue = WorkQueue<ObjectReference>()
        let waiting = Task { await queue.next() }
        try? await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        #expect(await waiting.value == nil)
        async let first = queue.next()
        async let second = queue.next()
        try? await Task.sleep(for: .milliseconds(20))
        queue.shutDown()
        #expect(await first == nil)
        #expect(await second == nil)
        queue.add(a)
        #expect(await queue.next() == nil)
    }
}
