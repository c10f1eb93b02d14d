import Synchronization

/// A de-duplicating work queue of keys (Ingresses and Gateways), in the manner of client-go's: a key waits at most once, is
/// never handed to two workers at once, and a key added while it is being processed comes back after `done`.
/// Delayed adds (back-off, renewal time) become ready when `promoteDue` sees their time has come.
///
/// A class over a `Mutex` rather than an actor, so a cancelled `next()` can be answered synchronously from
/// its cancellation handler without starting a task.
public final class WorkQueue<Key: Hashable & Comparable & Sendable>: Sendable {
    private struct State {
        /// Ready keys in order from `readyHead` on (taking the first is O(1); the taken prefix is dropped once
        /// it is half the array, so a pass over 10,000 keys does not shift the rest 10,000 times).
        var ready: [Key] = []
        var readyHead = 0
        var readySet: Set<Key> = []
        var processing: Set<Key> = []
        var dirty: Set<Key> = []
        var delayed: [Key: ContinuousClock.Instant] = [:]
        var waiters: [(id: Int, continuation: CheckedContinuation<Key?, Never>)] = []
        var nextWaiterID = 0
        var isShutDown = false

        /// The first ready key, taken off the queue.
        mutating func popReady() -> Key? {
            guard readyHead < ready.count else { return nil }
            let key = ready[readyHead]
            readyHead += 1
            if readyHead == ready.count {
                ready.removeAll(keepingCapacity: true)
                readyHead = 0
            } else if readyHead > 1024 && readyHead * 2 > ready.count {
                ready.removeFirst(readyHead)
                readyHead = 0
            }
            return key
        }

        /// Queues `key` now, or hands it straight to a waiting worker (returned to be resumed outside the lock).
        mutating func add(_ key: Key) -> CheckedContinuation<Key?, Never>? {
            guard !isShutDown else { return nil }
            delayed[key] = nil
            if processing.contains(key) {
                dirty.insert(key)
                return nil
            }
            guard readySet.insert(key).inserted else { return nil }
            guard !waiters.isEmpty else {
                ready.append(key)
                return nil
            }
            readySet.remove(key)
            processing.insert(key)
            return waiters.removeFirst().continuation
        }
    }

    private let state = Mutex(State())

    /// An empty queue.
    public init() {}

    /// Keys waiting to be processed now.
    public var depth: Int { state.withLock { $0.ready.count - $0.readyHead } }
    /// Keys waiting for a later time.
    public var delayedCount: Int { state.withLock { $0.delayed.count } }

    /// Queues `key` now. A key already waiting is not queued twice; one being processed is queued after `done`.
    public func add(_ key: Key) {
        state.withLock { $0.add(key) }?.resume(returning: key)
    }

    /// Queues `key` at `instant`; an earlier pending time for the same key wins, and a key already ready stays ready.
    public func add(_ key: Key, at instant: ContinuousClock.Instant) {
        state.withLock { state in
            guard !state.isShutDown, !state.readySet.contains(key) else { return }
            if let existing = state.delayed[key], existing <= instant { return }
            state.delayed[key] = instant
        }
    }

    /// Moves keys whose time has come to the ready queue; returns how long until the next one is due.
    @discardableResult
    public func promoteDue(now: ContinuousClock.Instant) -> Duration? {
        let (handOffs, untilNext) = state.withLock { state in
            let due = state.delayed.filter { $0.value <= now }.map(\.key).sorted()
            var handOffs: [(Key, CheckedContinuation<Key?, Never>)] = []
            for key in due {
                state.delayed[key] = nil
                if let waiter = state.add(key) { handOffs.append((key, waiter)) }
            }
            return (handOffs, state.delayed.values.min().map { $0 - now })
        }
        for (key, waiter) in handOffs { waiter.resume(returning: key) }
        return untilNext
    }

    /// The next key to process; waits for one. Nil once the queue is shut down or the task is cancelled.
    public func next() async -> Key? {
        let id: Int? = state.withLock { state in
            guard !state.isShutDown else { return nil }
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        guard let id else { return nil }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Key?, Never>) in
                let immediate: Key?? = state.withLock { state in
                    if state.isShutDown || Task.isCancelled { return .some(nil) }
                    if let key = state.popReady() {
                        state.readySet.remove(key)
                        state.processing.insert(key)
                        return .some(key)
                    }
                    state.waiters.append((id, continuation))
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Key?, Never>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(returning: nil)
        }
    }

    /// Marks `key` finished; a key re-added meanwhile is queued again.
    public func done(_ key: Key) {
        let waiter = state.withLock { state -> CheckedContinuation<Key?, Never>? in
            state.processing.remove(key)
            guard state.dirty.remove(key) != nil else { return nil }
            return state.add(key)
        }
        waiter?.resume(returning: key)
    }

    /// Stops handing out keys; waiting workers get nil.
    public func shutDown() {
        let waiters = state.withLock { state in
            state.isShutDown = true
            defer { state.waiters.removeAll() }
            return state.waiters.map(\.continuation)
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }
}
