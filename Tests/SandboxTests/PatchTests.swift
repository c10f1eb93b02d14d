import KubeLegoKube
import KubeLegoSandbox
import Testing

/// Merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch (treated as merge) over PATCH.
@Suite struct PatchTests {
    private let path = "/api/v1/namespaces/default/configmaps/cm"

    private func seed(_ http: RawHTTPConnection) throws -> RawHTTPConnection.Response {
        try http.request("POST", "/api/v1/namespaces/default/configmaps",
            body: #"{"metadata":{"name":"cm","labels":{"keep":"1","drop":"2"}},"data":{"a":"1","b":"2"},"x-unknown":{"n":1.50}}"#)
    }

    @Test func mergePatchSetsRemovesAndKeepsUnknownFields() async throws {
        try await withSandbox { _, http in
            _ = try seed(http)
            let patched = try http.request("PATCH", path,
                body: #"{"metadata":{"labels":{"drop":null,"new":"3"}},"data":{"a":"9"}}"#,
                contentType: "application/merge-patch+json")
            #expect(patched.status == 200)
            #expect(patched.json["metadata"]?["labels"] == ["keep": "1", "new": "3"])
            #expect(patched.json["data"] == ["a": "9", "b": "2"])
            #expect(patched.text.contains(#""x-unknown":{"n":1.50}"#))
        }
    }

    @Test func strategicMergePatchBehavesAsMergeForMaps() async throws {
        try await withSandbox { _, http in
            _ = try seed(http)
            let patched = try http.request("PATCH", path, body: #"{"metadata":{"annotations":{"a":"b"}}}"#,
                                           contentType: "application/strategic-merge-patch+json")
            #expect(patched.status == 200)
            #expect(patched.json["metadata"]?["annotations"] == ["a": "b"])
        }
    }

    @Test func jsonPatchSupportsEveryOperation() async throws {
        try await withSandbox { _, http in
            _ = try seed(http)
            let operations = """
                [{"op":"test","path":"/data/a","value":"1"},
                 {"op":"add","path":"/data/c","value":"3"},
                 {"op":"remove","path":"/data/b"},
                 {"op":"replace","path":"/data/a","value":"one"},
                 {"op":"copy","from":"/data/a","path":"/data/copied"},
                 {"op":"move","from":"/data/c","path":"/data/moved"},
                 {"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"x"}]
                """
            let patched = try http.request("PATCH", path, body: operations, contentType: "application/json-patch+json")
            #expect(patched.status == 200, "\(patched.text)")
            #expect(patched.json["data"] == ["a": "one", "copied": "one", "moved": "3"])
            #expect(patched.json["metadata"]?["labels"]?["app.kubernetes.io/name"] == "x")
        }
    }

    @Test func failedJSONPatchTestChangesNothing() async throws {
        try await withSandbox { _, http in
            let created = try seed(http)
            let failed = try http.request("PATCH", path,
                body: #"[{"op":"replace","path":"/data/a","value":"x"},{"op":"test","path":"/data/b","value":"nope"}]"#,
                contentType: "application/json-patch+json")
            #expect(failed.status == 422)
            let now = try http.request("GET", path)
            #expect(now.json == created.json)
        }
    }

    @Test func resourceVersionInAPatchIsAPrecondition() async throws {
        try await withSandbox { _, http in
            let created = try seed(http)
            let version = try #require(created.json.text("metadata.resourceVersion"))
            let first = try http.request("PATCH", path,
                body: #"{"metadata":{"resourceVersion":"\#(version)"},"data":{"a":"2"}}"#,
                contentType: "application/merge-patch+json")
            #expect(first.status == 200)
            let stale = try http.request("PATCH", path,
                body: #"{"metadata":{"resourceVersion":"\#(version)"},"data":{"a":"3"}}"#,
                contentType: "application/merge-patch+json")
            #expect(stale.status == 409)
            #expect(stale.json.text("reason") == "Conflict")
        }
    }

    @Test func unknownPatchTypeIs415AndMissingObjectIs404() async throws {
        try await withSandbox { _, http in
            _ = try seed(http)
            let unknown = try http.request("PATCH", path, body: "{}", contentType: "application/apply-patch+yaml")
            #expect(unknown.status == 415)
            let missing = try http.request("PATCH", "/api/v1/namespaces/default/configmaps/none", body: "{}",
                                           contentType: "application/merge-patch+json")
            #expect(missing.status == 404)
        }
    }
}
