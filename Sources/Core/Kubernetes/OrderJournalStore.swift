import KubeLegoKube
import Logging

/// The order journal's Secret as this process last wrote or read it, and the changes waiting to be written:
/// one per controller (`ControllerEnvironment.journal`), so every order shares it.
///
/// Writes are group commits, as the nginx provider's write passes: a change waits for the write running when it
/// came, then one write carries every change made meanwhile, so concurrent orders cost one request together
/// instead of a read and a write each. A write is a replace with the resourceVersion of the cached copy (no read
/// first); a 409 Conflict (someone else wrote) or a vanished Secret re-reads it and applies the same changes
/// again. A caller of `change(_:to:)` returns only once a write holding its change has succeeded, so an order is
/// still journaled before it is placed. Removals that nothing waits for (`defer:`) ride along with the next write,
/// or go on their own after `lingering`: a removal that never happens costs one order look-up after a restart
/// (`OrderJournal.pruneStored`), never an order.
actor OrderJournalStore {
    /// How long a deferred removal waits for a write to ride along with.
    static let lingering: Duration = .milliseconds(500)
    /// How many read-modify-write rounds a write tries before giving up on conflicts.
    static let maxAttempts = 10

    private let kube: KubeClient
    private let namespace: String
    private let logger: Logger
    /// The Secret as last read or written; nil when it does not exist. Valid only when `loaded`.
    private var stored: Secret?
    private var loaded = false
    /// Data keys to set (a value) or delete (nil), not yet written.
    private var pending: [String: [UInt8]?] = [:]
    private var writing = false
    private var requestedGeneration = 0
    private var completedGeneration = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var lingerScheduled = false

    init(kube: KubeClient, namespace: String, logger: Logger) {
        self.kube = kube
        self.namespace = namespace
        self.logger = logger
    }

    /// Every data key as the journal holds it once the pending changes are written: from memory when the Secret
    /// was read or written before, unless `fresh` (then written pending changes first and read again).
    func data(fresh: Bool) async throws(CoreError) -> [String: [UInt8]] {
        if fresh {
            if !pending.isEmpty { try await commit() }
            try await load()
        } else if !loaded {
            try await load()
        }
        var data: [String: [UInt8]] = [:]
        if let stored {
            for key in stored.data.keys { data[key] = stored.data[key] }
        }
        for (key, value) in pending { data[key] = value }
        return data
    }

    /// Sets (a value) or deletes (nil) `key`. Returns once it is written, unless `deferred`: then it is written
    /// with the next change, or after `lingering`, and failures only leave it pending for the next write.
    func change(_ key: String, to value: [UInt8]?, deferred: Bool = false) async throws(CoreError) {
        pending[key] = .some(value)
        if deferred {
            scheduleLingeringWrite()
            return
        }
        try await commit()
    }

    /// Writes everything pending, one write at a time: a write carries every change made before it starts, so
    /// callers that queued behind a running write share the next one. A failed write covers no one; each waiter
    /// then runs its own and sees its own error.
    private func commit() async throws(CoreError) {
        requestedGeneration += 1
        let mine = requestedGeneration
        while writing {
            await withCheckedContinuation { waiting.append($0) }
            if completedGeneration >= mine { return }
        }
        if completedGeneration >= mine { return }
        writing = true
        let covering = requestedGeneration
        let batch = pending
        pending = [:]
        defer {
            writing = false
            let resumed = waiting
            waiting.removeAll()
            for waiter in resumed { waiter.resume() }
        }
        do {
            try await write(batch)
            completedGeneration = covering
        } catch {
            // Kept for the next write, unless a later change replaced it meanwhile.
            for (key, value) in batch where pending[key] == nil { pending[key] = .some(value) }
            throw error
        }
    }

    /// A write of the deferred changes after `lingering`, unless another write took them first.
    private func scheduleLingeringWrite() {
        guard !lingerScheduled else { return }
        lingerScheduled = true
        Task {
            try? await Task.sleep(for: Self.lingering)
            await self.writeLingering()
        }
    }

    private func writeLingering() async {
        lingerScheduled = false
        guard !pending.isEmpty else { return }
        do {
            try await commit()
        } catch {
            logger.warning("could not write deferred order journal changes; they wait for the next write", metadata: ["error": "\(error)"])
        }
    }

    /// Applies `batch` to the cached Secret and replaces it at the cached resourceVersion (creating it when
    /// absent); on a conflict reads it again and re-applies.
    private func write(_ batch: [String: [UInt8]?]) async throws(CoreError) {
        if !loaded { try await load() }
        for attempt in 1...Self.maxAttempts {
            let current = stored
            guard let wanted = Self.applying(batch, to: current, namespace: namespace) else { return }
            do {
                if let current {
                    var replacement = wanted
                    replacement.metadata.resourceVersion = current.metadata.resourceVersion
                    stored = try await kube.replace(replacement)
                } else {
                    stored = try await kube.create(wanted)
                }
                return
            } catch where (error.code == .conflict || error.code == .alreadyExists || error.code == .notFound) && attempt < Self.maxAttempts {
                logger.debug("order journal changed while writing, re-reading", metadata: ["kube.attempt": "\(attempt)"])
                try await load()
            } catch {
                throw CoreError(.kubernetes, "could not write the order journal: \(error)", subject: subject)
            }
        }
    }

    /// The journal Secret with `batch` applied to `current`; nil when nothing changes.
    private static func applying(_ batch: [String: [UInt8]?], to current: Secret?, namespace: String) -> Secret? {
        let setsSomething = batch.values.contains { $0 != nil }
        guard var journal = current ?? (setsSomething ? Secret(name: OrderJournal.secretName, namespace: namespace) : nil) else { return nil }
        let before = journal
        for (key, value) in batch { journal.data[key] = value }
        if journal.type == nil { journal.type = "Opaque" }
        journal.metadata.labels[Markers.managedByLabel] = Markers.managedByValue
        return current != nil && journal == before ? nil : journal
    }

    /// Reads the Secret (absent: nil).
    private func load() async throws(CoreError) {
        do {
            stored = try await kube.get(Secret.self, namespace: namespace, name: OrderJournal.secretName)
        } catch where error.code == .notFound {
            stored = nil
        } catch {
            throw CoreError(.kubernetes, "could not read the order journal: \(error)", subject: subject)
        }
        loaded = true
    }

    private var subject: String { "Secret \(namespace)/\(OrderJournal.secretName)" }
}
