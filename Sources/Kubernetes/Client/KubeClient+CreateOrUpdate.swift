import Logging

extension KubeClient {
    /// Reads one object, lets `mutate` decide what it should be, and creates or replaces it, starting over from
    /// a fresh read on `.conflict` and `.alreadyExists` (another writer got there first) at most `maxAttempts`
    /// times. Transient API failures are already retried in place by every verb (`KubeClientOptions.retry`).
    ///
    /// `mutate` gets the stored object (nil when absent) and returns the object to store, or nil to write
    /// nothing; an object equal to the stored one is not written either. It may run several times, each time on
    /// a fresh read, so it must be idempotent; errors it throws end the loop unchanged. A replace carries the
    /// resourceVersion just read, so a concurrent change is never overwritten. Returns the object as stored
    /// afterwards (nil when absent and nothing was created).
    @discardableResult
    public func createOrUpdate<Object: KubeResource>(
        _ type: Object.Type, namespace: String?, name: String, maxAttempts: Int = 10,
        _ mutate: (Object?) throws(KubeError) -> Object?
    ) async throws(KubeError) -> Object? {
        try await createOrUpdate(type, namespace: namespace, name: name, known: nil, maxAttempts: maxAttempts, mutate)
    }

    /// `createOrUpdate` whose first round starts from `known`, the object as this process last read or wrote it,
    /// instead of reading it (nil: read it). A write from a stale copy fails with 409 Conflict (its
    /// resourceVersion is out of date) or 404, and the next round reads afresh, so this never overwrites a
    /// change it has not seen; an unchanged object costs no request at all.
    @discardableResult
    public func createOrUpdate<Object: KubeResource>(
        _ type: Object.Type, namespace: String?, name: String, known: Object?, maxAttempts: Int = 10,
        _ mutate: (Object?) throws(KubeError) -> Object?
    ) async throws(KubeError) -> Object? {
        let label = Self.label(Object.resourceKind, namespace, name)
        var attempt = 0
        var known = known
        while true {
            attempt += 1
            let current: Object?
            if let cached = known {
                current = cached
                known = nil
            } else {
                do {
                    current = try await get(type, namespace: namespace, name: name)
                } catch where error.code == .notFound {
                    current = nil
                }
            }
            guard let wanted = try mutate(current) else { return current }
            if let current, wanted == current { return current }
            do {
                if let current {
                    var replacement = wanted
                    replacement.metadata.resourceVersion = current.metadata.resourceVersion
                    return try await replace(replacement)
                }
                return try await create(wanted)
            } catch where (error.code == .conflict || error.code == .alreadyExists || error.code == .notFound)
                && attempt < maxAttempts
            {
                // notFound: deleted between our read and our replace; the next round creates it.
                logger.debug("object changed while writing, re-reading", metadata: ["kube.object": "\(label)", "kube.attempt": "\(attempt)"])
                do {
                    try await Task.sleep(for: Self.conflictBackoff.delay(attempt: attempt))
                } catch {
                    throw KubeError(.cancelled, "cancelled between write attempts", object: label, verb: "update")
                }
            }
        }
    }

    /// Short jittered waits between read-modify-write rounds after a conflict.
    static let conflictBackoff = Backoff(initial: .milliseconds(5), maximum: .milliseconds(500), jitter: 1)
}
