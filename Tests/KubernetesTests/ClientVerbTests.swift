import Foundation
import KubeLegoKube
import KubeLegoSandbox
import Testing

@Suite("KubeClient verbs against the sandbox over HTTP")
struct ClientVerbTests {
    @Test func serverVersion() async throws {
        try await withSandboxClient { _, client in
            let version = try await client.serverVersion()
            #expect(version.gitVersion.hasPrefix("v1."))
            #expect(!version.minor.isEmpty)
        }
    }

    @Test func createGetListReplacePatchDelete() async throws {
        try await withSandboxClient { _, client in
            let created = try await client.create(configMap("settings", data: ["a": "1"]))
            #expect(created.metadata.uid != nil)
            let version = try #require(created.metadata.resourceVersion)
            #expect(created.metadata.creationTimestamp != nil)

            let fetched = try await client.get(ConfigMap.self, namespace: "default", name: "settings")
            #expect(fetched == created)

            var changed = fetched
            changed.data["b"] = "2"
            let replaced = try await client.replace(changed)
            #expect(replaced.data.dictionary == ["a": "1", "b": "2"])
            #expect(replaced.metadata.resourceVersion != version)

            let patched = try await client.mergePatch(
                ConfigMap.self, namespace: "default", name: "settings", patch: ["data": ["a": nil, "c": "3"]])
            #expect(patched.data.dictionary == ["b": "2", "c": "3"])

            let list = try await client.list(ConfigMap.self, namespace: "default")
            #expect(list.items.map(\.name) == ["settings"])
            #expect(!list.resourceVersion.isEmpty)
            // Items of a list carry no kind/apiVersion; replacing one still works.
            var listed = try #require(list.items.first)
            listed.data["d"] = "4"
            let replacedFromList = try await client.replace(listed)
            #expect(replacedFromList.data["d"] == "4")

            try await client.delete(ConfigMap.self, namespace: "default", name: "settings")
            let error = await #expect(throws: KubeError.self) {
                try await client.get(ConfigMap.self, namespace: "default", name: "settings")
            }
            #expect(error?.code == .notFound)
        }
    }

    @Test func clusterScopedAndGenerateName() async throws {
        try await withSandboxClient { _, client in
            var ingressClass = IngressClass(name: "nginx")
            ingressClass.controller = "k8s.io/ingress-nginx"
            ingressClass.isDefaultClass = true
            _ = try await client.create(ingressClass)
            let read = try await client.get(IngressClass.self, namespace: nil, name: "nginx")
            #expect(read.controller == "k8s.io/ingress-nginx")
            #expect(read.isDefaultClass)
            #expect(read.namespace == nil)

            var generated = ConfigMap(name: "", namespace: "default")
            generated.metadata.generateName = "state-"
            let created = try await client.create(generated)
            #expect(created.name.hasPrefix("state-") && created.name.count > "state-".count)
        }
    }

    @Test func typedResourcesRoundTrip() async throws {
        try await withSandboxClient { _, client in
            var secret = Secret(name: "tls", namespace: "default")
            secret.type = "kubernetes.io/tls"
            secret.data["tls.crt"] = Array("certificate".utf8)
            secret.data["tls.key"] = [0, 1, 2, 255]
            _ = try await client.create(secret)
            let read = try await client.get(Secret.self, namespace: "default", name: "tls")
            #expect(read.type == "kubernetes.io/tls")
            #expect(read.data["tls.key"] == [0, 1, 2, 255])

            var service = Service(name: "web", namespace: "default")
            service.type = "NodePort"
            service.selector = ["app": "web"]
            service.ports = [ServicePort(name: "http", port: 80, targetPort: 8080)]
            let createdService = try await client.create(service)
            #expect(createdService.ports.first?.port == 80)

            var lease = Lease(name: "leader", namespace: "default")
            lease.holderIdentity = "pod-a"
            lease.leaseDurationSeconds = 15
            _ = try await client.create(lease)
            let readLease = try await client.get(Lease.self, namespace: "default", name: "leader")
            #expect(readLease.holderIdentity == "pod-a")

            let event = Event(
                name: "web.1", about: createdService, type: "Normal", reason: "Test", message: "hello",
                component: "kube-lego", at: .now)
            let createdEvent = try await client.create(event)
            #expect(createdEvent.involvedObject["name"] == "web")
        }
    }

    @Test func paginationAndSelectors() async throws {
        try await withSandboxClient { _, client in
            for index in 0..<25 {
                _ = try await client.create(configMap("map-\(index)", labels: ["parity": index.isMultiple(of: 2) ? "even" : "odd"]))
            }
            let page = try await client.list(ConfigMap.self, namespace: "default", options: ListOptions(limit: 10))
            #expect(page.items.count == 10)
            #expect(page.continueToken != nil)

            let all = try await client.listAll(ConfigMap.self, namespace: "default", pageSize: 7)
            #expect(all.items.count == 25)
            #expect(Set(all.items.map(\.name)).count == 25)
            #expect(all.continueToken == nil)

            let even = try await client.listAll(
                ConfigMap.self, options: ListOptions(labelSelector: LabelSelector([.equals("parity", "even")]).description))
            #expect(even.items.count == 13)
            let one = try await client.list(
                ConfigMap.self, namespace: "default", options: ListOptions(fieldSelector: "metadata.name=map-3"))
            #expect(one.items.map(\.name) == ["map-3"])
        }
    }

    @Test func unknownFieldsSurviveReadModifyWrite() async throws {
        let manifest = #"""
            {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"shop","namespace":"default","labels":{"b":"1","a":"2"},"annotations":{"zeta":"1","kubernetes.io/tls-acme":"true","alpha":"2"},"x-unknown-meta":{"deep":[1,2.50,{"k":null}]}},"spec":{"ingressClassName":"nginx","futureSpec":{"enabled":true,"ratio":1.0e3},"tls":[{"hosts":["shop.example.com"],"secretName":"shop-tls","x-extra":"kept"}],"rules":[{"host":"shop.example.com","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}},"x-weight":5}}]}}]},"status":{"loadBalancer":{"ingress":[{"ip":"10.0.0.1"}]}},"zz-top-level":"x"}
            """#
        try await withSandboxClient { server, client in
            let object = try #require(try JSONValue(parsing: Array(manifest.utf8)).objectValue)
            _ = try server.create(object)
            let original = try await client.get(Ingress.self, namespace: "default", name: "shop")

            var edited = original
            edited.metadata.annotations["kubernetes.io/tls-acme"] = "false"
            let written = try await client.replace(edited)
            let reread = try await client.get(Ingress.self, namespace: "default", name: "shop")
            #expect(reread == written)

            var expected = original
            expected.metadata.annotations["kubernetes.io/tls-acme"] = "false"
            expected.metadata.resourceVersion = reread.metadata.resourceVersion
            #expect(reread.metadata.resourceVersion != original.metadata.resourceVersion)
            #expect(String(decoding: reread.serialized(), as: UTF8.self) == String(decoding: expected.serialized(), as: UTF8.self))
            #expect(reread.raw["spec"]?["futureSpec"]?["ratio"] == .number("1.0e3"))
        }
    }

    @Test func clientSideRateLimitSpacesRequests() async throws {
        try await withSandboxClient(clientOptions: KubeClientOptions(version: "test", qps: 20, burst: 2)) { _, client in
            let elapsed = try await ContinuousClock().measure {
                for _ in 0..<6 { _ = try await client.list(ConfigMap.self, namespace: "default") }
            }
            // Two requests pass at once; the other four wait for refills at 20 per second.
            #expect(elapsed >= .milliseconds(190))
        }
    }
}
