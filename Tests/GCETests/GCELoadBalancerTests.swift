import KubeLegoChallengeSolvers
import KubeLegoCore
import KubeLegoGCE
import KubeLegoKube
import KubeLegoSandbox
import Testing

/// The provider driven as the controller drives it, through the emulated GCE load balancer over real sockets.
@Suite("GCE provider through the emulated load balancer")
struct GCELoadBalancerTests {
    let shopWeb = ObjectReference(namespace: "shop", name: "web")

    /// The order in which a route's stages may follow each other; nil for a wrong answer.
    static func rank(_ stage: GCERouteStage) -> Int? {
        switch stage {
        case .pathNotRouted: 0
        case .backendUnhealthy: 1
        case .ready: 2
        case .wrongAnswer: nil
        }
    }

    @Test("expose, serve tokens, poll until the key authorizations answer, withdraw: the user's route (a selector Service kept by the endpoints controller) survives and the Ingress is restored")
    func challengeThroughLoadBalancer() async throws {
        try await withGCEFixture { fixture in
            try await withResponder(version: "app-v1") { _, appPort in
                try await withResponder(version: "lego-test") { lego, legoPort in
                    try createSelectorApp(fixture)
                    let original = try fixture.create(
                        userIngressJSON("web", appHosts: ["a.example.com"], tlsHosts: ["a.example.com", "b.example.com"]))
                    let appPod = SandboxPod(namespace: "shop", labels: ["app": "app"], port: appPort)
                    try await withEndpointsController(fixture, pods: [appPod]) {
                        try await withLoadBalancer(fixture.sandbox) { balancer, plane in
                            #expect(try await eventually { try await plane.get("a.example.com", "/").status == 200 })
                            let appRequests = balancer.requestCount(backend: "shop/app:80")

                            let provider = try fixture.provider(podIP: "127.0.0.1", port: legoPort, keepPaths: false)
                            try await provider.expose(ChallengeRoutes(
                                ingress: shopWeb, ingressClass: "gce", classFromAnnotation: true, hosts: ["a.example.com", "b.example.com"]))
                            let tokens = [("a.example.com", "tokenA", "tokenA.thumb"), ("b.example.com", "tokenB", "tokenB.thumb")]
                            for (host, token, key) in tokens { lego.tokens.register(host: host, token: token, keyAuthorization: key) }

                            var stages: [GCERouteStage] = []
                            for (host, token, key) in tokens {
                                let ready = try await eventually(timeout: provider.propagationTimeout) {
                                    let answer = try await plane.get(host, "/.well-known/acme-challenge/\(token)")
                                    let stage = GCERouteStage(status: answer.status, body: answer.body, expected: key)
                                    if stages.last != stage { stages.append(stage) }
                                    return stage == .ready
                                }
                                #expect(ready, "\(host): stages \(stages)")
                            }
                            // Which stages a poll happens to see depends on the machine's load; their order does not:
                            // 404 (URL map not yet applied), then 502 (health checks pending), then the answer, never
                            // backwards and never a wrong answer.
                            let ranks = stages.compactMap(Self.rank)
                            #expect(ranks.count == stages.count && ranks == ranks.sorted(), "stages out of order: \(stages)")
                            #expect(balancer.validationFailures.isEmpty)

                            let page = try await plane.get("a.example.com", "/some/page")
                            #expect(page.status == 404 && page.body.contains("app-v1"), "the user's /* still reaches the app")
                            #expect(balancer.requestCount(backend: "shop/app:80") > appRequests)

                            for (host, token, _) in tokens { lego.tokens.remove(host: host, token: token) }
                            try await provider.withdraw(ingress: shopWeb)
                            #expect(try await eventually {
                                try await plane.get("a.example.com", "/.well-known/acme-challenge/tokenA").body.contains("app-v1")
                            })
                            #expect(try await eventually {
                                try await plane.get("b.example.com", "/.well-known/acme-challenge/tokenB").body.contains("default backend")
                            })
                            let restored = try #require(fixture.stored("Ingress", "shop", "web"))
                            #expect(JSONValue.object(withoutServerFields(restored)).jsonText
                                == JSONValue.object(withoutServerFields(original)).jsonText)
                        }
                    }
                }
            }
        }
    }

    @Test("a pod-IP change is followed: reconcile repoints the Endpoints and the new endpoint serves after its health checks")
    func podIPChangeThroughLoadBalancer() async throws {
        try await withGCEFixture { fixture in
            try await withResponder(version: "lego-old") { old, oldPort in
                try await withResponder(version: "lego-new") { new, newPort in
                    try fixture.create(userIngressJSON("web", appHosts: [], tlsHosts: ["a.example.com"]))
                    try await withLoadBalancer(fixture.sandbox) { balancer, plane in
                        let routes = ChallengeRoutes(ingress: shopWeb, ingressClass: "gce", classFromAnnotation: true, hosts: ["a.example.com"])
                        try await fixture.provider(podIP: "127.0.0.1", port: oldPort, keepPaths: true).expose(routes)
                        old.tokens.register(host: "a.example.com", token: "t1", keyAuthorization: "t1.old")
                        new.tokens.register(host: "a.example.com", token: "t1", keyAuthorization: "t1.new")
                        #expect(try await eventually { try await plane.get("a.example.com", "/.well-known/acme-challenge/t1").body == "t1.old" })

                        let restarted = try fixture.provider(podIP: "127.0.0.1", port: newPort, keepPaths: true)
                        try await restarted.reconcile(active: [routes])
                        #expect(try await eventually { try await plane.get("a.example.com", "/.well-known/acme-challenge/t1").body == "t1.new" })
                        #expect(balancer.healthyEndpoints.contains("127.0.0.1:\(newPort)"))
                    }
                }
            }
        }
    }

    @Test("the load balancer refuses a Prefix path and a ClusterIP backend, and gates a backend without healthy endpoints with 502")
    func validationAndHealth() async throws {
        try await withGCEFixture { fixture in
            try createApp(fixture, targetPort: 1)
            try fixture.create(userIngressJSON("dead", appHosts: ["dead.example.com"], tlsHosts: []))
            try fixture.create(userIngressJSON("prefix", appHosts: ["prefix.example.com"], tlsHosts: [], pathType: "Prefix"))
            try fixture.create(#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"app","namespace":"blog"},"spec":{"ports":[{"port":80}]}}"#)
            try fixture.create(userIngressJSON("cluster", namespace: "blog", appHosts: ["cluster.example.com"], tlsHosts: []))
            try fixture.create(#"{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"nginx","namespace":"shop","annotations":{"kubernetes.io/ingress.class":"nginx"}},"spec":{"rules":[{"host":"nginx.example.com","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"app","port":{"number":80}}}}]}}]}}"#)
            try await withLoadBalancer(fixture.sandbox, urlMapDelay: .milliseconds(100)) { balancer, plane in
                #expect(try await eventually { balancer.programmedIngresses == ["shop/dead"] })
                let failures = balancer.validationFailures
                #expect(failures["shop/prefix"]?.contains("pathType Prefix") == true)
                #expect(failures["blog/cluster"]?.contains("not NodePort") == true)
                #expect(failures["shop/nginx"] == nil, "other classes are not this load balancer's")
                #expect(try await plane.get("prefix.example.com", "/").body.contains("default backend"))
                #expect(try await plane.get("nginx.example.com", "/").status == 404)
                try await Task.sleep(for: .milliseconds(500))
                let dead = try await plane.get("dead.example.com", "/x")
                #expect(dead.status == 502)
                #expect(balancer.healthyEndpoints.isEmpty)
            }
        }
    }
}
