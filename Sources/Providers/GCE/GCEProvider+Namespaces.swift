/// Serialises work per namespace inside the actor (whose methods interleave at every `await`).
extension GCEProvider {
    /// Runs `body` once no other call works on `namespace`; calls for the same namespace run in arrival order.
    func withNamespace<Result>(
        _ namespace: String, _ body: () async throws -> Result
    ) async rethrows -> Result {
        if namespaceWaiters[namespace] == nil {
            namespaceWaiters[namespace] = []
        } else {
            await withCheckedContinuation { namespaceWaiters[namespace, default: []].append($0) }
        }
        defer { handOver(namespace) }
        return try await body()
    }

    /// Wakes the next waiter for `namespace` (it now holds the namespace), or frees the namespace.
    private func handOver(_ namespace: String) {
        guard var waiters = namespaceWaiters[namespace], !waiters.isEmpty else {
            namespaceWaiters[namespace] = nil
            return
        }
        let next = waiters.removeFirst()
        namespaceWaiters[namespace] = waiters
        next.resume()
    }
}
