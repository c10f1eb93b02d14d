import KubeLegoKube
import KubeLegoSandbox
import Synchronization
import Testing

/// Fast retries for tests: many attempts, tiny waits.
private func fastRetryOptions(maxAttempts: Int = 50, maximumRetryAfter: Duration = .seconds(10)) -> KubeClientOptions {
    var options = KubeClientOptions(version: "test", qps: 0, burst: 1)
    options.retry = KubeRetryPolicy(
        maxAttempts: maxAttempts, maxElapsed: .seconds(30),
        backoff: Backoff(initial: .milliseconds(1), maximum: .milliseconds(20), jitter: 0.5), maximumRetryAfter: maximumRetryAfter)
    return options
}

/// Runs `body`, taking a `KubeError` of `code` for success.
private func tolerating(_ code: KubeError.Code, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as KubeError where error.code == code {
        return
    }
}

@Suite("transient API errors are retried in place, in one shared place", .timeLimit(.minutes(2)))
struct TransientRetryTests {
    @Test("every verb rides out a sandbox answering 30% of requests with 500 or 503")
    func everyVerbRidesOutServerErrors() async throws {
        try await withSandboxClient(clientOptions: fastRetryOptions()) { server, client in
            server.faults = SandboxFaults(errors: [
                .get: .init(rate: 0.3), .list: .init(rate: 0.3, status: 503), .create: .init(rate: 0.3),
                .update: .init(rate: 0.3, status: 503), .patch: .init(rate: 0.3), .delete: .init(rate: 0.3),
            ])
            for index in 0..<15 {
                let name = "map-\(index)"
                // A create whose first try was stored but answered with the injected 500 finds it on the retry.
                try await tolerating(.alreadyExists) { _ = try await client.create(configMap(name)) }
                var read = try await client.get(ConfigMap.self, namespace: "default", name: name)
                read.data["k"] = "updated"
                _ = try await client.replace(read)
                _ = try await client.mergePatch(ConfigMap.self, namespace: "default", name: name, patch: ["data": ["p": "1"]])
                _ = try await client.list(ConfigMap.self, namespace: "default")
                try await tolerating(.notFound) { try await client.delete(ConfigMap.self, namespace: "default", name: name) }
            }
            server.faults = SandboxFaults()
            #expect(try await client.list(ConfigMap.self, namespace: "default").items.isEmpty)
        }
    }

    @Test("429 waits at least the server's Retry-After, clamped to the policy's maximum")
    func throttlingHonoursRetryAfter() async throws {
        try await withSandboxClient(clientOptions: fastRetryOptions()) { server, client in
            server.faults = SandboxFaults(throttleRate: 1, retryAfterSeconds: 1, budget: 1)
            let start = ContinuousClock.now
            _ = try await client.list(ConfigMap.self, namespace: "default")
            #expect(ContinuousClock.now - start >= .seconds(1), "the retry came before the server's Retry-After")
        }
        try await withSandboxClient(clientOptions: fastRetryOptions(maximumRetryAfter: .milliseconds(100))) { server, client in
            server.faults = SandboxFaults(throttleRate: 1, retryAfterSeconds: 3600, budget: 2)
            _ = try await client.list(ConfigMap.self, namespace: "default")  // an hour's Retry-After is clamped to 100 ms
        }
    }

    @Test("retrying is bounded: the last transient error reaches the caller")
    func retryingIsBounded() async throws {
        try await withSandboxClient(clientOptions: fastRetryOptions(maxAttempts: 4)) { server, client in
            server.faults = SandboxFaults(errors: [.get: .init(rate: 1, status: 503)])
            let before = server.requestCounts["GET", default: 0]
            let error = await #expect(throws: KubeError.self) { try await client.get(ConfigMap.self, namespace: "default", name: "x") }
            #expect(error?.code == .serverError)
            #expect(server.requestCounts["GET", default: 0] - before == 4, "exactly maxAttempts tries")
        }
    }

    @Test("connection errors are retried with back-off, then the transport error reaches the caller")
    func connectionErrorsAreRetried() async throws {
        var options = fastRetryOptions(maxAttempts: 4)
        options.retry.backoff = Backoff(initial: .milliseconds(100), maximum: .milliseconds(100), jitter: 0)
        let client = try KubeClient(settings: ConnectionSettings(server: "http://127.0.0.1:1"), options: options, logger: testLogger)
        let start = ContinuousClock.now
        let error = await #expect(throws: KubeError.self) { try await client.list(ConfigMap.self, namespace: "default") }
        #expect(error?.code == .transport)
        #expect(ContinuousClock.now - start >= .milliseconds(300), "three waits of 100 ms between four tries")
        await client.shutdown()
    }

    @Test("cancellation ends the wait between retries at once")
    func cancellationEndsTheWait() async throws {
        // Every answer is a 429 asking for 20 s (clamped to 10 s): only cancellation can end the request with
        // `.cancelled`; ignoring it would end, much later, with `.tooManyRequests`.
        try await withSandboxClient(clientOptions: fastRetryOptions()) { server, client in
            server.faults = SandboxFaults(throttleRate: 1, retryAfterSeconds: 20)
            let task = Task { try await client.list(ConfigMap.self, namespace: "default") }
            #expect(await eventually { server.requestCounts["GET", default: 0] >= 1 })
            task.cancel()
            let result = await task.result
            #expect(throws: KubeError.self) { try result.get() }
            if case .failure(let error as KubeError) = result { #expect(error.code == .cancelled) }
        }
    }

    @Test("409 and 4xx are not retried in place (they need a fresh read or a fix)")
    func conflictsAreNotRetriedInPlace() async throws {
        try await withSandboxClient(clientOptions: fastRetryOptions()) { server, client in
            _ = try await client.create(configMap("c"))
            server.faults = SandboxFaults(spuriousConflictRate: 1, budget: 1)
            var map = try await client.get(ConfigMap.self, namespace: "default", name: "c")
            map.data["k"] = "x"
            let error = await #expect(throws: KubeError.self) { try await client.replace(map) }
            #expect(error?.code == .conflict)
        }
    }

    @Test("the policy's pure decisions: retryable codes, attempts, elapsed bound, Retry-After clamp")
    func policyDecisions() {
        let policy = KubeRetryPolicy(
            maxAttempts: 3, maxElapsed: .seconds(5), backoff: Backoff(initial: .milliseconds(100), maximum: .seconds(1), jitter: 0),
            maximumRetryAfter: .seconds(2))
        #expect(policy.delay(after: KubeError(.serverError, "x"), attempt: 1, elapsed: .zero) == .milliseconds(100))
        #expect(policy.delay(after: KubeError(.transport, "x"), attempt: 2, elapsed: .zero) == .milliseconds(200))
        #expect(policy.delay(after: KubeError(.serverError, "x"), attempt: 3, elapsed: .zero) == nil)
        #expect(policy.delay(after: KubeError(.serverError, "x"), attempt: 1, elapsed: .seconds(5)) == nil)
        #expect(policy.delay(after: KubeError(.tooManyRequests, "x", retryAfter: .seconds(1)), attempt: 1, elapsed: .zero) == .seconds(1))
        #expect(policy.delay(after: KubeError(.tooManyRequests, "x", retryAfter: .seconds(60)), attempt: 1, elapsed: .zero) == .seconds(2))
        for code: KubeError.Code in [.conflict, .alreadyExists, .notFound, .invalid, .forbidden, .cancelled, .gone] {
            #expect(policy.delay(after: KubeError(code, "x"), attempt: 1, elapsed: .zero) == nil, "\(code) is not retried")
        }
    }
}

@Suite("createOrUpdate: read, mutate, create or replace, start over on conflicts", .timeLimit(.minutes(2)))
struct CreateOrUpdateTests {
    @Test("20 concurrent writers under 10% 500s and 30% spurious 409s all land, the first one creating")
    func concurrentWritersUnderFaults() async throws {
        let writers = 20
        try await withSandboxClient(clientOptions: fastRetryOptions()) { server, client in
            server.faults = SandboxFaults(
                errors: [.get: .init(rate: 0.1), .create: .init(rate: 0.1), .update: .init(rate: 0.1)], spuriousConflictRate: 0.3)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        try await client.createOrUpdate(ConfigMap.self, namespace: "default", name: "shared", maxAttempts: 200) { stored in
                            var map = stored ?? ConfigMap(name: "shared", namespace: "default")
                            map.data["writer-\(writer)"] = "here"
                            return map
                        }
                    }
                }
                try await group.waitForAll()
            }
            server.faults = SandboxFaults()
            let final = try await client.get(ConfigMap.self, namespace: "default", name: "shared")
            #expect(final.data.keys.count == writers)
        }
    }

    @Test("nil or an unchanged object writes nothing; the managed object keeps fields it does not set")
    func writesOnlyChanges() async throws {
        try await withSandboxClient(clientOptions: fastRetryOptions()) { server, client in
            let absent = try await client.createOrUpdate(ConfigMap.self, namespace: "default", name: "none") { _ in nil }
            #expect(absent == nil)
            _ = try await client.create(configMap("kept", labels: ["someone.else/label": "x"]))
            let writesBefore = server.requestCounts["PUT", default: 0] + server.requestCounts["POST", default: 0]
            let same = try await client.createOrUpdate(ConfigMap.self, namespace: "default", name: "kept") { $0 }
            #expect(same?.data["k"] == "v")
            #expect(server.requestCounts["PUT", default: 0] + server.requestCounts["POST", default: 0] == writesBefore)
            let changed = try await client.createOrUpdate(ConfigMap.self, namespace: "default", name: "kept") { stored in
                var map = stored
                map?.data["mine"] = "1"
                return map
            }
            #expect(changed?.data["mine"] == "1")
            #expect(changed?.metadata.labels["someone.else/label"] == "x")
        }
    }
}
