extension HTTP01Responder {
    /// Runs the responder while `body` runs: starts it, waits until it listens, hands `body` the bound address,
    /// then stops it (also when `body` throws). For one-shot use such as `kube-lego certonly` and tests; the
    /// controller runs the responder as a service instead.
    public func serving<T>(_ body: (Address) async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.run() }
            do {
                let result = try await body(try await waitUntilListening())
                group.cancelAll()
                try await group.waitForAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }
}
