import KubeLegoKube
import KubeLegoSandbox
import Testing

/// Server-side printing: Tables for kubectl's `get`, including watches.
@Suite struct TableViewTests {
    private let tableAccept = [("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")]

    @Test func listsAnswerTablesWithPerKindColumns() async throws {
        try await withSandbox { _, http in
            _ = try http.request("POST", "/apis/networking.k8s.io/v1/namespaces/default/ingresses", body: ingressJSON("web"))
            let table = try http.request("GET", "/apis/networking.k8s.io/v1/namespaces/default/ingresses", headers: tableAccept)
            #expect(table.json.text("kind") == "Table")
            #expect(table.json.text("apiVersion") == "meta.k8s.io/v1")
            let columns = (table.json["columnDefinitions"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            #expect(columns == ["Name", "Class", "Hosts", "Address", "Ports", "Age"])
            let cells = (table.json.at("rows.0.cells")?.arrayValue ?? []).compactMap(\.stringValue)
            #expect(Array(cells.prefix(5)) == ["web", "nginx", "a.example.com", "", "80, 443"])
            #expect(cells.last?.hasSuffix("s") == true)
            #expect(table.json.text("rows.0.object.metadata.namespace") == "default")
            let plain = try http.request("GET", "/apis/networking.k8s.io/v1/namespaces/default/ingresses")
            #expect(plain.json.text("kind") == "IngressList")
        }
    }

    @Test func kubectlPrintsServerColumns() async throws {
        let scratch = try SandboxScratchDirectory()
        try await withSandbox { server, http in
            _ = try http.request("POST", "/api/v1/namespaces/default/secrets",
                body: secretJSON("cert", type: "kubernetes.io/tls", data: ["tls.crt": "Yw==", "tls.key": "aw=="]))
            let kubectl = try Kubectl(kubeconfig: server.kubeconfig(), in: scratch)
            let secrets = try kubectl("get", "secrets")
            let lines = secrets.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(lines.first == ["NAME", "TYPE", "DATA", "AGE"])
            #expect(lines.dropFirst().first?.prefix(3) == ["cert", "kubernetes.io/tls", "2"])
        }
    }

    @Test func watchesCanStreamTableRows() async throws {
        try await withSandbox { server, http in
            let start = server.resourceVersion
            _ = try http.request("POST", "/api/v1/namespaces/default/configmaps", body: #"{"metadata":{"name":"c"},"data":{"a":"b"}}"#)
            try http.send("GET", "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(start)&timeoutSeconds=1",
                          headers: tableAccept)
            _ = try http.readResponse(streaming: true)
            let events = try http.watchEvents()
            #expect(events.count == 1)
            #expect(events.first?.text("object.kind") == "Table")
            #expect(events.first?.at("object.rows.0.cells.1") == "1")
        }
    }
}

/// Metadata-only views (`as=PartialObjectMetadata[List]`), which keep Secret payloads out of informers.
@Suite struct MetadataViewTests {
    private let metadataAccept = [("Accept", "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json")]

    @Test func listsGetsAndWatchesCanOmitEverythingButMetadata() async throws {
        try await withSandbox { server, http in
            let start = server.resourceVersion
            _ = try http.request("POST", "/api/v1/namespaces/default/secrets", body: secretJSON("s", data: ["k": "c2VjcmV0"]))
            let list = try http.request("GET", "/api/v1/namespaces/default/secrets", headers: metadataAccept)
            #expect(list.json.text("kind") == "PartialObjectMetadataList")
            #expect(list.json.text("items.0.kind") == "PartialObjectMetadata")
            #expect(list.json.text("items.0.metadata.name") == "s")
            #expect(!list.text.contains("c2VjcmV0"))
            let one = try http.request("GET", "/api/v1/namespaces/default/secrets/s",
                                       headers: [("Accept", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1")])
            #expect(one.json.text("kind") == "PartialObjectMetadata")
            #expect(one.json.at("data") == nil)
            try http.send("GET", "/api/v1/secrets?watch=1&resourceVersion=\(start)&timeoutSeconds=1", headers: metadataAccept)
            _ = try http.readResponse(streaming: true)
            let events = try http.watchEvents()
            #expect(events.first?.text("object.kind") == "PartialObjectMetadata")
            #expect(events.first?.at("object.data") == nil)
        }
    }
}
