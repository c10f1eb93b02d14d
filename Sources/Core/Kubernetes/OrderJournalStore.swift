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
/// still journaled before it is placed.
actor OrderJournalStore {
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
    /// Writes take turns; a write carries every change made before it starts.
    private let commits = GroupCommit()

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

    /// Sets (a value) or deletes (nil) `key`. Returns once it is written; a failed write leaves the change pending
    /// for the next one.
    func change(_ key: String, to value: [UInt8]?) async throws(CoreError) {
        pending[key] = .some(value)
        try await commit()
    }

    /// Writes everything pending through `commits`: callers that queued behind a running write share the next one.
    private func commit() async throws(CoreError) {
        try await commits.run { () async throws(CoreError) in try await writePending() }
    }

    /// Writes the changes pending now; a failure keeps them pending, unless a later change replaced them meanwhile.
    private func writePending() async throws(CoreError) {
        let batch = pending
        pending = [:]
        do {
            try await write(batch)
        } catch {
            for (key, value) in batch where pending[key] == nil { pending[key] = .some(value) }
            throw error
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
