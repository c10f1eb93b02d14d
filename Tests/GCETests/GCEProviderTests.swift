import KubeLegoCore
import KubeLegoGCE
import KubeLegoKube
import KubeLegoSandbox
import Testing

/// The provider against the sandbox API server over real HTTP.
@Suite("GCE provider against the sandbox")
struct GCEProviderTests {
    let shopWeb = ObjectReference(namespace: "shop", name: "web")

    func routes(_ reference: ObjectReference, _ hosts: [String]) -> ChallengeRoutes {
        ChallengeRoutes(ingress: reference, ingressClass: "gce", classFromAnnotation: true, hosts: hosts)
    }

    @Test("expose: Service (NodePort, no selector, managed) and Endpoints at the pod; only spec.rules of the Ingress changes")
    func exposeWritesObjects() async throws {
        try await withGCEFixture { fixture in
            try createApp(fixture, targetPort: 9000)
            let original = try fixture.create(userIngressJSON("web", appHosts: ["a.example.com"], tlsHosts: ["a.example.com", "b.example.com"]))
            let provider = try fixture.provider(podIP: "10.0.0.1", port: 8080)
            try await provider.expose(routes(shopWeb, ["a.example.com", "b.example.com"]))

            let service = Service(raw: try #require(fixture.stored("Service", "shop", "kube-lego-gce")))
            #expect(service.type == "NodePort")
            #expect(service.raw["spec"]?.objectValue?["selector"] == nil)
            #expect(service.ports.map(\.port) == [8080])
            #expect(service.metadata.labels["app.kubernetes.io/managed-by"] == "kube-lego")
            let endpoints = Endpoints(raw: try #require(fixture.stored("Endpoints", "shop", "kube-lego-gce")))
            #expect(endpoints.subsets.first?.addresses == ["10.0.0.1"])
            #expect(endpoints.subsets.first?.ports.map(\.port) == [8080])

            let ingress = try fixture.ingress("shop", "web")
            #expect(ingress.rules.map(\.host) == ["a.example.com", "b.example.com"])
            #expect(ingress.rules[0].paths.map(\.path) == ["/.well-known/acme-challenge/*", "/*"])
            #expect(ingress.rules[0].paths[1].raw["x-future"] == .int(1))
            #expect(ingress.rules[0].raw["x-rule-extra"] == "keep")
            #expect(ingress.rules[1].paths.map(\.backend.serviceName) == ["kube-lego-gce"])
            #expect(everythingButRules(ingress.raw) == everythingButRules(original))
        }
    }

    @Test("expose twice changes no object (resourceVersions equal)")
    func exposeIsIdempotent() async throws {
        try await withGCEFixture { fixture in
            try fixture.create(userIngressJSON("web", appHosts: ["a.example.com"], tlsHosts: ["a.example.com"]))
            let provider = try fixture.provider()
            try await provider.expose(routes(shopWeb, ["a.example.com"]))
            let versions = ["Ingress", "Service", "Endpoints"].map { fixture.resourceVersion($0, "shop", $0 == "Ingress" ? "web" : "kube-lego-gce") }
            try await provider.expose(routes(shopWeb, ["a.example.com"]))
            try await fixture.provider().expose(routes(shopWeb, ["a.example.com"]))
            let after = ["Ingress", "Service", "Endpoints"].map { fixture.resourceVersion($0, "shop", $0 == "Ingress" ? "web" : "kube-lego-gce") }
            #expect(versions == after)
            #expect(!versions.contains(nil))
        }
    }

    @Test("withdraw without keeping: the Ingress is byte-identical to the user's, Service and Endpoints are gone")
    func withdrawRestores() async throws {
        try await withGCEFixture { fixture in
            let original = try fixture.create(userIngressJSON("web", appHosts: ["a.example.com"], tlsHosts: ["a.example.com", "c.example.com"]))
            let provider = try fixture.provider(keepPaths: false)
            try await provider.expose(routes(shopWeb, ["a.example.com", "c.example.com"]))
            #expect(try fixture.ingress("shop", "web").rules.count == 2)
            try await provider.withdraw(ingress: shopWeb)
            let restored = try #require(fixture.stored("Ingress", "shop", "web"))
            #expect(JSONValue.object(withoutServerFields(restored)).jsonText == JSONValue.object(withoutServerFields(original)).jsonText)
            #expect(fixture.stored("Service", "shop", "kube-lego-gce") == nil)
            #expect(fixture.stored("Endpoints", "shop", "kube-lego-gce") == nil)
            try await provider.withdraw(ingress: ObjectReference(namespace: "shop", name: "gone"))
        }
    }

    @Test("keeping paths: withdraw leaves them; reconcile removes them once the annotation is gone, restoring the Ingress")
    func keptPathsGoWhenUnserved() async throws {
        try await withGCEFixture { fixture in
            let original = try fixture.create(userIngressJSON("web", appHosts: ["a.example.com"], tlsHosts: ["a.example.com"]))
            let provider = try fixture.provider(keepPaths: true)
            try await provider.expose(routes(shopWeb, ["a.example.com"]))
            try await provider.withdraw(ingress: shopWeb)
            #expect(try fixture.ingress("shop", "web").rules[0].paths.count == 2)
            #expect(fixture.stored("Service", "shop", "kube-lego-gce") != nil)

            try await provider.reconcile(active: [])
            #expect(try fixture.ingress("shop", "web").rules[0].paths.count == 2, "still annotated: kept for the next renewal")

            _ = try await fixture.kube.updateWithRetry(Ingress.self, namespace: "shop", name: "web") { ingress in
                ingress.metadata.annotations["kubernetes.io/tls-acme"] = nil
            }
            try await provider.reconcile(active: [])
            let restored = try fixture.ingress("shop", "web")
            #expect(JSONValue.object(restored.raw["spec"]?.objectValue ?? [:]).jsonText
                == JSONValue.object(original["spec"]?.objectValue ?? [:]).jsonText)
            #expect(fixture.stored("Service", "shop", "kube-lego-gce") == nil)
            #expect(fixture.stored("Endpoints", "shop", "kube-lego-gce") == nil)
        }
    }

    @Test("keeping paths: withdraw of an Ingress that lost its annotation (the controller stops serving it) restores it")
    func keptPathsGoOnWithdrawWhenUnserved() async throws {
        try await withGCEFixture { fixture in
            let original = try fixture.create(userIngressJSON("web", appHosts: ["a.example.com"], tlsHosts: ["a.example.com"]))
            let provider = try fixture.provider(keepPaths: true)
            try await provider.expose(routes(shopWeb, ["a.example.com"]))
            _ = try await fixture.kube.updateWithRetry(Ingress.self, namespace: "shop", name: "web") { ingress in
                ingress.metadata.annotations["kubernetes.io/ingress.class"] = "nginx"
            }
            try await provider.withdraw(ingress: shopWeb)
            #expect(JSONValue.object(try fixture.ingress("shop", "web").raw["spec"]?.objectValue ?? [:]).jsonText
                == JSONValue.object(original["spec"]?.objectValue ?? [:]).jsonText)
            #expect(fixture.stored("Service", "shop", "kube-lego-gce") == nil)
        }
    }

    @Test("a host that left spec.tls loses its challenge path on the next expose")
    func staleHostRemoved() async throws {
        try await withGCEFixture { fixture in
            try fixture.create(userIngressJSON("web", appHosts: ["a.example.com"], tlsHosts: ["a.example.com", "old.example.com"]))
            let provider = try fixture.provider(keepPaths: true)
            try await provider.expose(routes(shopWeb, ["a.example.com", "old.example.com"]))
            _ = try await fixture.kube.updateWithRetry(Ingress.self, namespace: "shop", name: "web") { ingress in
                ingress.tls = [IngressTLS(hosts: ["a.example.com", "new.example.com"], secretName: "web-tls")]
            }
            try await provider.expose(routes(shopWeb, ["new.example.com"]))
            let ingress = try fixture.ingress("shop", "web")
            #expect(ingress.rules.map(\.host) == ["a.example.com", "new.example.com"])
            #expect(GCEChallengePaths(serviceName: "kube-lego-gce", port: 8080).hostsWithChallengePath(ingress.rules)
                == ["a.example.com", "new.example.com"])
        }
    }

    @Test("an unmanaged Service with the challenge name is never modified: error and Warning Event")
    func unmanagedServiceUntouched() async throws {
        try await withGCEFixture { fixture in
            try fixture.create(userIngressJSON("web", appHosts: ["a.example.com"], tlsHosts: ["a.example.com"]))
            try fixture.create(#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"kube-lego-gce","namespace":"shop"},"spec":{"selector":{"app":"mine"},"ports":[{"port":1234}]}}"#)
            try fixture.create(#"{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"kube-lego-gce","namespace":"shop"},"subsets":[]}"#)
            let before = try #require(fixture.stored("Service", "shop", "kube-lego-gce"))
            let ingressVersion = fixture.resourceVersion("Ingress", "shop", "web")
            let provider = try fixture.provider()
            let error = await #expect(throws: GCEProviderError.self) { try await provider.expose(routes(shopWeb, ["a.example.com"])) }
            #expect(error?.code == .unmanagedObject)
            #expect(error?.object == "Endpoints shop/kube-lego-gce")
            #expect(fixture.stored("Service", "shop", "kube-lego-gce") == before)
            #expect(fixture.resourceVersion("Ingress", "shop", "web") == ingressVersion, "no path to a Service kube-lego cannot own")
            let events = await fixture.events.events
            #expect(events.contains { $0.severity == .warning && $0.regarding == shopWeb && $0.reason == "ChallengeObjectConflict" })
            try await provider.reconcile(active: [])
            try await provider.withdraw(ingress: shopWeb)
            #expect(fixture.stored("Service", "shop", "kube-lego-gce") == before)
        }
    }

    @Test("a new instance with a new pod IP corrects every managed Endpoints and keeps the allocated nodePort")
    func podIPChangeFollowed() async throws {
        try await withGCEFixture { fixture in
            try fixture.create(userIngressJSON("web", appHosts: ["a.example.com"], tlsHosts: ["a.example.com"]))
            try fixture.create(userIngressJSON("blog", namespace: "blog", appHosts: [], tlsHosts: ["blog.example.com"]))
            let old = try fixture.provider(podIP: "10.0.0.1", keepPaths: true)
            try await old.expose(routes(shopWeb, ["a.example.com"]))
            try await old.expose(routes(ObjectReference(namespace: "blog", name: "blog"), ["blog.example.com"]))
            var service = try #require(fixture.stored("Service", "shop", "kube-lego-gce"))
            var ports = Service(raw: service)
            ports.ports = ports.ports.map { var port = $0; port.nodePort = 31234; return port }
            service = try fixture.sandbox.apply(ports.raw)

            let restarted = try fixture.provider(podIP: "10.0.0.2", keepPaths: true)
            try await restarted.reconcile(active: [])
            for namespace in ["shop", "blog"] {
                let endpoints = Endpoints(raw: try #require(fixture.stored("Endpoints", namespace, "kube-lego-gce")))
                #expect(endpoints.subsets.first?.addresses == ["10.0.0.2"])
            }
            #expect(Service(raw: try #require(fixture.stored("Service", "shop", "kube-lego-gce"))).ports.first?.nodePort == 31234)
        }
    }

    @Test("a new instance's reconcile(active: []) removes what an earlier one left for a deleted Ingress")
    func leftoversRemoved() async throws {
        try await withGCEFixture { fixture in
            try fixture.create(userIngressJSON("web", appHosts: [], tlsHosts: ["a.example.com"]))
            try await fixture.provider(keepPaths: true).expose(routes(shopWeb, ["a.example.com"]))
            try fixture.sandbox.delete(kind: "Ingress", namespace: "shop", name: "web")
            try await fixture.provider(keepPaths: true).reconcile(active: [])
            #expect(fixture.stored("Service", "shop", "kube-lego-gce") == nil)
            #expect(fixture.stored("Endpoints", "shop", "kube-lego-gce") == nil)
        }
    }

    @Test("concurrent withdraw of one Ingress and expose of another in the same namespace keep the Service")
    func namespaceWorkIsSerialised() async throws {
        try await withGCEFixture { fixture in
            try fixture.create(userIngressJSON("one", appHosts: [], tlsHosts: ["one.example.com"]))
            try fixture.create(userIngressJSON("two", appHosts: [], tlsHosts: ["two.example.com"]))
            let provider = try fixture.provider(keepPaths: false)
            let one = ObjectReference(namespace: "shop", name: "one")
            let two = ObjectReference(namespace: "shop", name: "two")
            try await provider.expose(routes(one, ["one.example.com"]))
            for _ in 0..<5 {
                async let withdrawn: Void = provider.withdraw(ingress: one)
                async let exposed: Void = provider.expose(routes(two, ["two.example.com"]))
                _ = try await (withdrawn, exposed)
                #expect(fixture.stored("Service", "shop", "kube-lego-gce") != nil)
                #expect(fixture.stored("Endpoints", "shop", "kube-lego-gce") != nil)
                try await provider.withdraw(ingress: two)
                try await provider.expose(routes(one, ["one.example.com"]))
            }
        }
    }
}
