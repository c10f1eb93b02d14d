import KubeLegoCore
import KubeLegoGCE
import KubeLegoKube
import KubeLegoSandbox
import Testing

/// What the provider must leave alone, and what it must tell users.
@Suite("GCE provider boundaries")
struct GCEProviderBoundaryTests {
    func routes(_ namespace: String, _ name: String, _ hosts: [String]) -> ChallengeRoutes {
        ChallengeRoutes(ingress: ObjectReference(namespace: namespace, name: name), ingressClass: "gce", classFromAnnotation: true, hosts: hosts)
    }

    @Test("nginx-class Ingresses and the nginx provider's managed objects are not touched by expose or reconcile")
    func mixedClusterUntouched() async throws {
        try await withGCEFixture { fixture in
            try fixture.create(userIngressJSON("web", appHosts: ["a.example.com"], tlsHosts: ["a.example.com"]))
            try fixture.create(#"{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"site","namespace":"shop","annotations":{"kubernetes.io/tls-acme":"true","kubernetes.io/ingress.class":"nginx"}},"spec":{"tls":[{"hosts":["n.example.com"],"secretName":"n"}],"rules":[{"host":"n.example.com","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"app","port":{"number":80}}}}]}}]}}"#)
            try fixture.create(#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"kube-lego-nginx","namespace":"default","labels":{"app.kubernetes.io/managed-by":"kube-lego"}},"spec":{"selector":{"app":"kube-lego"},"ports":[{"port":8080}]}}"#)
            try fixture.create(#"{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"kube-lego-nginx","namespace":"default","labels":{"app.kubernetes.io/managed-by":"kube-lego"},"annotations":{"kubernetes.io/ingress.class":"nginx"}},"spec":{"rules":[{"host":"n.example.com","http":{"paths":[{"path":"/.well-known/acme-challenge","pathType":"Prefix","backend":{"service":{"name":"kube-lego-nginx","port":{"number":8080}}}}]}}]}}"#)
            let watched = [("Ingress", "shop", "site"), ("Service", "default", "kube-lego-nginx"), ("Ingress", "default", "kube-lego-nginx")]
            let before = watched.map { fixture.resourceVersion($0.0, $0.1, $0.2) }
            let provider = try fixture.provider(keepPaths: false)
            try await provider.expose(routes("shop", "web", ["a.example.com"]))
            try await provider.reconcile(active: [routes("shop", "web", ["a.example.com"])])
            try await provider.withdraw(ingress: ObjectReference(namespace: "shop", name: "web"))
            try await provider.reconcile(active: [])
            #expect(watched.map { fixture.resourceVersion($0.0, $0.1, $0.2) } == before)
            #expect(!before.contains(nil))
        }
    }

    @Test("a user path with a pathType GCE refuses gives a Warning Event naming it")
    func unsupportedPathTypeWarned() async throws {
        try await withGCEFixture { fixture in
            try fixture.create(userIngressJSON("web", appHosts: ["a.example.com"], tlsHosts: ["a.example.com"], pathType: "Prefix"))
            try await fixture.provider().expose(routes("shop", "web", ["a.example.com"]))
            let events = await fixture.events.events
            #expect(events.contains { $0.reason == "UnsupportedPathType" && $0.severity == .warning && $0.message.contains("Prefix") })
        }
    }

    @Test("reconcile repairs the other namespaces when one holds an unmanaged object, then reports that one")
    func reconcileContinuesPastFailures() async throws {
        try await withGCEFixture { fixture in
            try fixture.create(userIngressJSON("web", appHosts: [], tlsHosts: ["a.example.com"]))
            try fixture.create(userIngressJSON("blog", namespace: "blog", appHosts: [], tlsHosts: ["b.example.com"]))
            try fixture.create(#"{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"kube-lego-gce","namespace":"blog"},"subsets":[]}"#)
            let provider = try fixture.provider(podIP: "10.0.0.9")
            let error = await #expect(throws: GCEProviderError.self) {
                try await provider.reconcile(active: [routes("blog", "blog", ["b.example.com"]), routes("shop", "web", ["a.example.com"])])
            }
            #expect(error?.object == "Endpoints blog/kube-lego-gce")
            let endpoints = Endpoints(raw: try #require(fixture.stored("Endpoints", "shop", "kube-lego-gce")))
            #expect(endpoints.subsets.first?.addresses == ["10.0.0.9"])
            #expect(try fixture.ingress("shop", "web").rules.count == 1)
            #expect(try fixture.ingress("blog", "blog").rules.isEmpty, "no path to a Service that could not be written")
        }
    }

    @Test("expose of a missing Ingress fails and leaves no challenge objects behind")
    func missingIngress() async throws {
        try await withGCEFixture { fixture in
            let error = await #expect(throws: GCEProviderError.self) {
                try await fixture.provider().expose(routes("shop", "nope", ["a.example.com"]))
            }
            #expect(error?.object == "Ingress shop/nope")
            #expect(fixture.stored("Service", "shop", "kube-lego-gce") == nil)
            #expect(fixture.stored("Endpoints", "shop", "kube-lego-gce") == nil)
        }
    }
}
