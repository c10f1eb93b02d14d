import KubeLegoKube
import KubeLegoSandbox
import Testing

@Suite("read-modify-write with retry on conflict")
struct UpdateWithRetryTests {
    @Test func concurrentWritersAllLand() async throws {
        let writers = 20
        try await withSandboxClient { _, client in
            _ = try await client.create(configMap("counter"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<writers {
                    group.addTask {
                        _ = try await client.updateWithRetry(ConfigMap.self, namespace: "default", name: "counter", maxAttempts: 100) { map in
                            let current = Int(map.metadata.annotations["example.com/counter"] ?? "0") ?? 0
                            map.metadata.annotations["example.com/counter"] = String(current + 1)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let final = try await client.get(ConfigMap.self, namespace: "default", name: "counter")
            #expect(final.metadata.annotations["example.com/counter"] == String(writers))
        }
    }

    @Test func spuriousConflictsAreRetriedWithinTheBound() async throws {
        try await withSandboxClient { server, client in
            _ = try await client.create(configMap("flaky"))
            server.faults = SandboxFaults(spuriousConflictRate: 1, budget: 2)
            let written = try await client.updateWithRetry(ConfigMap.self, namespace: "default", name: "flaky", maxAttempts: 3) { map in
                map.data["k"] = "written"
            }
            #expect(written.data["k"] == "written")

            server.faults = SandboxFaults(spuriousConflictRate: 1, budget: 5)
            let error = await #expect(throws: KubeError.self) {
                try await client.updateWithRetry(ConfigMap.self, namespace: "default", name: "flaky", maxAttempts: 2) { map in
                    map.data["k"] = "never"
                }
            }
            #expect(error?.code == .conflict)
        }
    }

    @Test func noChangeMeansNoWrite() async throws {
        try await withSandboxClient { _, client in
            let created = try await client.create(configMap("same"))
            let result = try await client.updateWithRetry(ConfigMap.self, namespace: "default", name: "same") { map in
                map.data["k"] = "v"
            }
            #expect(result.metadata.resourceVersion == created.metadata.resourceVersion)
        }
    }
}
