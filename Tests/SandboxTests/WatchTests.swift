import KubeLegoKube
import KubeLegoSandbox
import Testing

/// Watch streams: chunked events, replay from a resourceVersion, 410 past the window, bookmarks, timeouts,
/// selector filtering, clean-up.
@Suite struct WatchTests {
    @Test func watchStreamsChangesInOrderAsChunkedJSONLines() async throws {
        try await withSandbox { server, http in
            let start = server.resourceVersion
            try http.send("GET", "/api/v1/namespaces/default/secrets?watch=1&resourceVersion=\(start)")
            let head = try http.readResponse(streaming: true)
            #expect(head.status == 200)
            #expect(head.headers["transfer-encoding"] == "chunked")
            #expect(head.headers["content-type"] == "application/json")
            let writer = try RawHTTPConnection(port: server.port)
            _ = try writer.request("POST", "/api/v1/namespaces/default/secrets", body: secretJSON("s"))
            _ = try writer.request("PATCH", "/api/v1/namespaces/default/secrets/s", body: #"{"data":{"a":"YQ=="}}"#,
                                   contentType: "application/merge-patch+json")
            _ = try writer.request("DELETE", "/api/v1/namespaces/default/secrets/s")
            _ = try writer.request("POST", "/api/v1/namespaces/kube-system/secrets", body: secretJSON("elsewhere"))
            let events = try http.watchEvents(limit: 3)
            #expect(events.map { $0["type"]?.stringValue } == ["ADDED", "MODIFIED", "DELETED"])
            #expect(events.map { $0.text("object.metadata.name") } == ["s", "s", "s"])
            let versions = events.compactMap { Int($0.text("object.metadata.resourceVersion") ?? "") }
            #expect(versions == versions.sorted() && Set(versions).count == 3 && versions[0] > start)
            #expect(events[1].text("object.data.a") == "YQ==")
        }
    }

    @Test func watchWithoutResourceVersionStartsWithTheCurrentObjects() async throws {
        try await withSandbox { server, http in
            _ = try http.request("POST", "/api/v1/namespaces/default/configmaps", body: #"{"metadata":{"name":"one"}}"#)
            let watcher = try RawHTTPConnection(port: server.port)
            try watcher.send("GET", "/api/v1/configmaps?watch=true&timeoutSeconds=1")
            _ = try watcher.readResponse(streaming: true)
            let events = try watcher.watchEvents()
            #expect(events.map { $0["type"]?.stringValue } == ["ADDED"])
            #expect(events.first?.text("object.metadata.name") == "one")
        }
    }

    @Test func watchFromAResourceVersionReplaysKeptHistory() async throws {
        try await withSandbox { server, http in
            let start = server.resourceVersion
            for name in ["a", "b", "c"] {
                _ = try http.request("POST", "/api/v1/namespaces/default/configmaps", body: #"{"metadata":{"name":"\#(name)"}}"#)
            }
            try http.send("GET", "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(start + 1)&timeoutSeconds=1")
            _ = try http.readResponse(streaming: true)
            let events = try http.watchEvents()
            #expect(events.map { $0.text("object.metadata.name") } == ["b", "c"])
        }
    }

    @Test func watchOlderThanTheHistoryWindowGets410Error() async throws {
        try await withSandbox(SandboxOptions(watchHistory: 3)) { server, http in
            let start = server.resourceVersion
            for index in 0..<6 {
                _ = try http.request("POST", "/api/v1/namespaces/default/configmaps", body: #"{"metadata":{"name":"c\#(index)"}}"#)
            }
            try http.send("GET", "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(start)")
            let head = try http.readResponse(streaming: true)
            #expect(head.status == 200)
            let events = try http.watchEvents()
            #expect(events.count == 1)
            #expect(events.first?["type"] == "ERROR")
            #expect(events.first?.at("object.code") == .int(410))
            #expect(events.first?.text("object.reason") == "Expired")
            #expect(events.first?.text("object.message")?.hasPrefix("too old resource version") == true)
            // Inside the window still works.
            let recent = try RawHTTPConnection(port: server.port)
            try recent.send("GET", "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(server.resourceVersion - 2)&timeoutSeconds=1")
            _ = try recent.readResponse(streaming: true)
            #expect(try recent.watchEvents().map { $0.text("object.metadata.name") } == ["c4", "c5"])
        }
    }

    @Test func bookmarksCarryOnlyTheResourceVersion() async throws {
        try await withSandbox(SandboxOptions(bookmarkInterval: .milliseconds(100))) { server, http in
            _ = try http.request("POST", "/api/v1/namespaces/default/secrets", body: secretJSON("s"))
            let current = server.resourceVersion
            try http.send("GET", "/api/v1/namespaces/default/secrets?watch=1&resourceVersion=\(current)&allowWatchBookmarks=true")
            _ = try http.readResponse(streaming: true)
            let events = try http.watchEvents(limit: 2)
            #expect(events.map { $0["type"]?.stringValue } == ["BOOKMARK", "BOOKMARK"])
            let bookmark = try #require(events.first?["object"]?.objectValue)
            #expect(bookmark["kind"] == "Secret")
            #expect(bookmark["metadata"] == ["resourceVersion": .string(String(current))])
        }
    }

    @Test func timeoutSecondsEndsTheStreamCleanlyAndTheConnectionIsReused() async throws {
        try await withSandbox { server, http in
            try http.send("GET", "/api/v1/namespaces/default/secrets?watch=1&resourceVersion=\(server.resourceVersion)&timeoutSeconds=1")
            _ = try http.readResponse(streaming: true)
            #expect(try http.watchEvents().isEmpty)
            #expect(try http.request("GET", "/api/v1/namespaces/default/secrets").status == 200)
            #expect(server.openWatchCount == 0)
        }
    }

    @Test func selectorsFilterEventsAndTurnExitsIntoDeletes() async throws {
        try await withSandbox { server, http in
            let start = server.resourceVersion
            let writer = try RawHTTPConnection(port: server.port)
            _ = try writer.request("POST", "/api/v1/namespaces/default/secrets", body: secretJSON("in", labels: ["m": "y"]))
            _ = try writer.request("POST", "/api/v1/namespaces/default/secrets", body: secretJSON("out"))
            _ = try writer.request("PATCH", "/api/v1/namespaces/default/secrets/out", body: #"{"metadata":{"labels":{"m":"y"}}}"#,
                                   contentType: "application/merge-patch+json")
            _ = try writer.request("PATCH", "/api/v1/namespaces/default/secrets/in", body: #"{"metadata":{"labels":{"m":null}}}"#,
                                   contentType: "application/merge-patch+json")
            try http.send("GET", "/api/v1/secrets?watch=1&labelSelector=m%3Dy&resourceVersion=\(start)&timeoutSeconds=1")
            _ = try http.readResponse(streaming: true)
            let events = try http.watchEvents()
            #expect(events.map { "\($0["type"]?.stringValue ?? "") \($0.text("object.metadata.name") ?? "")" }
                    == ["ADDED in", "ADDED out", "DELETED in"])
        }
    }

    @Test func closingTheConnectionUnregistersTheWatch() async throws {
        try await withSandbox { server, _ in
            do {
                let watcher = try RawHTTPConnection(port: server.port)
                try watcher.send("GET", "/api/v1/secrets?watch=1")
                _ = try watcher.readResponse(streaming: true)
                #expect(server.openWatchCount == 1)
            }
            var waited = 0
            while server.openWatchCount > 0, waited < 100 {
                try await Task.sleep(for: .milliseconds(20))
                waited += 1
            }
            #expect(server.openWatchCount == 0)
        }
    }
}
