import KubeLegoKube
import KubeLegoSandbox
import Testing

/// Discovery documents, answered in the legacy (unaggregated) form kubectl falls back to.
@Suite struct DiscoveryTests {
    @Test func versionAndGroups() async throws {
        try await withSandbox { _, http in
            let version = try http.request("GET", "/version")
            #expect(version.json.text("gitVersion")?.hasPrefix("v1.30") == true)
            #expect(version.json.text("major") == "1")
            let core = try http.request("GET", "/api", headers: [("Accept",
                "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json")])
            #expect(core.headers["content-type"] == "application/json")
            #expect(core.json.text("kind") == "APIVersions")
            #expect(core.json["versions"] == ["v1"])
            let groups = try http.request("GET", "/apis")
            #expect(groups.json.text("kind") == "APIGroupList")
            let names = (groups.json["groups"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            #expect(names == ["networking.k8s.io", "coordination.k8s.io", "apps", "policy", "rbac.authorization.k8s.io",
                              "gateway.networking.k8s.io"])
            let group = try http.request("GET", "/apis/networking.k8s.io")
            #expect(group.json.text("preferredVersion.groupVersion") == "networking.k8s.io/v1")
        }
    }

    @Test func resourceListsNameVerbsScopesAndShortNames() async throws {
        try await withSandbox { _, http in
            let core = try http.request("GET", "/api/v1")
            #expect(core.json.text("kind") == "APIResourceList")
            #expect(core.json.text("groupVersion") == "v1")
            let resources = core.json["resources"]?.arrayValue ?? []
            func entry(_ name: String) -> JSONValue? { resources.first { $0["name"]?.stringValue == name } }
            #expect(entry("namespaces")?["namespaced"] == false)
            #expect(entry("namespaces")?["shortNames"] == ["ns"])
            #expect(entry("secrets")?["namespaced"] == true)
            #expect(entry("secrets")?["kind"] == "Secret")
            #expect(entry("secrets")?["singularName"] == "secret")
            #expect(entry("secrets")?["verbs"]?.arrayValue?.count == 8)
            for (name, short) in [("services", "svc"), ("endpoints", "ep"), ("configmaps", "cm"), ("events", "ev")] {
                #expect(entry(name)?["shortNames"] == [.string(short)])
            }
            let networking = try http.request("GET", "/apis/networking.k8s.io/v1")
            let names = (networking.json["resources"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            #expect(names == ["ingresses", "ingresses/status", "ingressclasses"])
            let leases = try http.request("GET", "/apis/coordination.k8s.io/v1")
            #expect(leases.json.at("resources.0.kind") == "Lease")
        }
    }

    @Test func openAPIIsAbsentSoKubectlSkipsValidation() async throws {
        try await withSandbox { _, http in
            let statuses = try [
                http.request("GET", "/openapi/v2"), http.request("GET", "/openapi/v3"),
                http.request("GET", "/apis/batch/v1"), http.request("POST", "/version", body: "{}"),
            ].map(\.status)
            #expect(statuses == [404, 404, 404, 405])
        }
    }

    @Test func deleteCollectionHonoursSelectors() async throws {
        try await withSandbox { server, http in
            for (name, labels) in [("a", ["x": "1"]), ("b", ["x": "1"]), ("c", [:])] {
                _ = try http.request("POST", "/api/v1/namespaces/default/secrets", body: secretJSON(name, labels: labels))
            }
            let deleted = try http.request("DELETE", "/api/v1/namespaces/default/secrets?labelSelector=x%3D1")
            #expect(deleted.status == 200)
            #expect(deleted.json.text("kind") == "SecretList")
            #expect(server.objects(kind: "Secret").compactMap { $0["metadata"]?["name"]?.stringValue } == ["c"])
        }
    }
}
