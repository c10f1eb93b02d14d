import KubeLegoKube
import KubeLegoSandbox
import Testing

@Suite("watch streams against the sandbox")
struct WatchTests {
    /// A summary of an event: "ADDED name", "MODIFIED name", "DELETED name", "BOOKMARK", "ERROR code".
    static func summary(_ event: WatchEvent<ConfigMap>) -> String {
        switch event {
        case .added(let object): "ADDED \(object.name)"
        case .modified(let object): "MODIFIED \(object.name)"
        case .deleted(let object): "DELETED \(object.name)"
        case .bookmark: "BOOKMARK"
        case .error(let error): "ERROR \(error.code)"
        }
    }

    @Test func eventsArriveInOrderFromAResourceVersion() async throws {
        try await withSandboxClient { _, client in
            _ = try await client.create(configMap("before"))
            let list = try await client.list(ConfigMap.self, namespace: "default")
            let stream = try await client.watch(
                ConfigMap.self, namespace: "default",
                options: WatchOptions(resourceVersion: list.resourceVersion, allowBookmarks: false, timeoutSeconds: 30))
            _ = try await client.create(configMap("a"))
            _ = try await client.mergePatch(ConfigMap.self, namespace: "default", name: "a", patch: ["data": ["k": "2"]])
            try await client.delete(ConfigMap.self, namespace: "default", name: "a")
            _ = try await client.create(configMap("other", namespace: "kube-system"))
            _ = try await client.create(configMap("b"))

            var seen: [String] = []
            var lastVersion: String?
            for try await event in stream {
                seen.append(Self.summary(event))
                lastVersion = event.resourceVersion
                if seen.count == 4 { break }
            }
            #expect(seen == ["ADDED a", "MODIFIED a", "DELETED a", "ADDED b"])
            let b = try await client.get(ConfigMap.self, namespace: "default", name: "b")
            #expect(lastVersion == b.metadata.resourceVersion)
        }
    }

    @Test func bookmarksAdvanceTheResourceVersion() async throws {
        try await withSandboxClient(SandboxOptions(bookmarkInterval: .milliseconds(50))) { _, client in
            let list = try await client.list(Secret.self, namespace: "default")
            _ = try await client.create(configMap("unrelated"))
            let stream = try await client.watch(
                Secret.self, namespace: "default", options: WatchOptions(resourceVersion: list.resourceVersion, timeoutSeconds: 30))
            var bookmark: String?
            for try await event in stream {
                if case .bookmark(let version) = event {
                    bookmark = version
                    break
                }
            }
            let version = try #require(bookmark.flatMap { Int($0) })
            #expect(version >= Int(list.resourceVersion) ?? .max)
        }
    }

    @Test func watchWithoutVersionStartsWithTheCurrentObjects() async throws {
        try await withSandboxClient { _, client in
            _ = try await client.create(configMap("x"))
            _ = try await client.create(configMap("y"))
            let stream = try await client.watch(ConfigMap.self, namespace: "default", options: WatchOptions(allowBookmarks: false))
            var seen: [String] = []
            for try await event in stream {
                seen.append(Self.summary(event))
                if seen.count == 2 { break }
            }
            #expect(seen.sorted() == ["ADDED x", "ADDED y"])
        }
    }

    @Test func serverTimeoutEndsTheStreamNormally() async throws {
        try await withSandboxClient { _, client in
            let stream = try await client.watch(
                ConfigMap.self, namespace: "default", options: WatchOptions(resourceVersion: "1", allowBookmarks: false, timeoutSeconds: 1))
            var count = 0
            for try await _ in stream { count += 1 }
            #expect(count == 0)
        }
    }

    @Test func droppedStreamThrowsTransport() async throws {
        try await withSandboxClient { server, client in
            server.faults = SandboxFaults(cutWatchAfterEvents: 1)
            _ = try await client.create(configMap("one"))
            _ = try await client.create(configMap("two"))
            let stream = try await client.watch(ConfigMap.self, namespace: "default", options: WatchOptions(allowBookmarks: false))
            var events = 0
            let error = await #expect(throws: KubeError.self) {
                for try await _ in stream { events += 1 }
            }
            #expect(error?.code == .transport)
            #expect(events == 1)
        }
    }

    @Test func cancellingTheConsumerEndsTheWatch() async throws {
        try await withSandboxClient { server, client in
            let stream = try await client.watch(ConfigMap.self, namespace: "default", options: WatchOptions(timeoutSeconds: 600))
            let consumer = Task { () -> KubeError.Code? in
                var count = 0
                do {
                    for try await _ in stream { count += 1 }
                } catch let error as KubeError {
                    return error.code
                } catch {
                    return KubeError.Code.transport
                }
                return nil
            }
            #expect(await eventually { server.openWatchCount == 1 })
            consumer.cancel()
            let code = await consumer.value
            #expect(code == .cancelled || code == nil)
            #expect(await eventually { server.openWatchCount == 0 })
        }
    }
}
