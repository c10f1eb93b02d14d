import Logging

extension KubeClient {
    /// Reads an object, lets `mutate` change it, and replaces it, starting over on `.conflict` at most
    /// `maxAttempts` times. Returns the object as stored; when `mutate` changes nothing, nothing is written.
    ///
    /// `mutate` may run several times, each time on a fresh copy; it must be idempotent. Errors it throws end
    /// the loop unchanged. After the last attempt the final `.conflict` is thrown.
    public func updateWithRetry<Object: KubeResource>(
        _ type: Object.Type, namespace: String?, name: String, maxAttempts: Int = 5,
        _ mutate: (inout Object) throws(KubeError) -> Void
    ) async throws(KubeError) -> Object {
        var attempt = 0
        while true {
            attempt += 1
            let current = try await get(type, namespace: namespace, name: name)
            var changed = current
            try mutate(&changed)
            if changed == current { return current }
            do {
                return try await replace(changed)
            } catch where error.code == .conflict && attempt < maxAttempts {
                logger.debug(
                    "conflict, retrying",
                    metadata: ["kube.object": "\(Self.label(Object.resourceKind, namespace, name))", "kube.attempt": "\(attempt)"])
                do {
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0...(5 << min(attempt, 5)))))
                } catch {
                    throw KubeError(.cancelled, "cancelled between update attempts", verb: "update")
                }
            }
        }
    }
}
