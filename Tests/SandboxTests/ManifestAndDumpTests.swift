import Foundation
import KubeLegoKube
import KubeLegoSandbox
import Testing

/// Manifests (YAML/JSON, multi-document, List kinds) loaded at start or later; dumps of the store; in-process access.
@Suite struct ManifestAndDumpTests {
    static let manifest = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          namespace: shop
          annotations:
            kubernetes.io/tls-acme: "true"
        spec:
          rules:
          - host: shop.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend: {service: {name: web, port: {number: 8080}}}
        ---
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: settings}
          data: {replicas: "3", ratio: "0.5"}
        - {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"ports": [{"port": 8080}]}}
        """

    @Test func manifestsLoadAtStartWithTypesAndOrderKept() async throws {
        try await withSandbox(SandboxOptions(manifests: [Self.manifest])) { server, http in
            let ingress = try http.request("GET", "/apis/networking.k8s.io/v1/namespaces/shop/ingresses/web")
            #expect(ingress.status == 200)
            #expect(ingress.json.at("spec.rules.0.http.paths.0.backend.service.port.number") == .int(8080))
            #expect(ingress.json["metadata"]?["annotations"]?["kubernetes.io/tls-acme"] == "true")
            #expect(ingress.json.at("metadata.generation") == .int(1))
            let config = try #require(server.object(kind: "ConfigMap", name: "settings"))
            #expect(config["data"] == ["replicas": "3", "ratio": "0.5"])
            #expect(config["metadata"]?["namespace"] == "default")
            #expect(server.objects(kind: "svc", namespace: "shop").count == 1)
            #expect(server.objects(kind: "Namespace").count == 3)
        }
    }

    @Test func loadingAgainReplacesAndBadManifestsAreErrors() async throws {
        try await withSandbox { server, _ in
            try server.load(manifest: Self.manifest)
            let first = try #require(server.object(kind: "Ingress", namespace: "shop", name: "web"))
            let changed = try server.load(manifest: Self.manifest.replacingOccurrences(of: "8080", with: "9090"))
            #expect(changed.count == 4)
            let second = try #require(server.object(kind: "Ingress", namespace: "shop", name: "web"))
            #expect(second["metadata"]?["uid"] == first["metadata"]?["uid"])
            #expect(second["metadata"]?["generation"] == .int(2))
            #expect(throws: SandboxError.self) { try server.load(manifest: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n") }
            #expect(throws: SandboxError.self) { try server.load(manifest: "{ not yaml: [") }
        }
    }

    @Test func dumpHoldsTheWholeStoreAsAList() async throws {
        try await withSandbox(SandboxOptions(manifests: [Self.manifest])) { server, _ in
            let dump = server.dump()
            #expect(dump["kind"] == "List")
            let kinds = (dump["items"]?.arrayValue ?? []).compactMap { $0["kind"]?.stringValue }
            #expect(kinds == ["Namespace", "Namespace", "Namespace", "Service", "ConfigMap", "Ingress"])
            let yaml = server.dumpYAML()
            #expect(yaml.contains("host: shop.example.com"))
            #expect(yaml.contains("replicas: '3'"))
            try server.load(manifest: yaml) // a dump loads back
            #expect(server.objects(kind: "Ingress").count == 1)
        }
    }

    @Test func inProcessWritesProduceWatchEvents() async throws {
        try await withSandbox { server, http in
            let start = server.resourceVersion
            let created = try server.create(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "direct"],
                                             "stringData": ["a": "b"]])
            #expect(created["metadata"]?["namespace"] == "default")
            #expect(created["data"]?["a"] == "Yg==")
            try server.delete(kind: "Secret", name: "direct")
            #expect(throws: SandboxError.self) { try server.delete(kind: "Secret", name: "direct") }
            try http.send("GET", "/api/v1/secrets?watch=1&resourceVersion=\(start)&timeoutSeconds=1")
            _ = try http.readResponse(streaming: true)
            #expect(try http.watchEvents().map { $0["type"]?.stringValue } == ["ADDED", "DELETED"])
        }
    }
}
