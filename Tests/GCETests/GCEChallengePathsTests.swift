import KubeLegoGCE
import KubeLegoKube
import Testing

/// The pure rule rewrite, including the original kube-lego's GCE suite (spec §10 G) ported.
@Suite("GCE challenge paths")
struct GCEChallengePathsTests {
    let paths = GCEChallengePaths(serviceName: "kube-lego-gce", port: 8080)

    func rule(_ host: String, _ entries: [(String, String)]) -> IngressRule {
        IngressRule(host: host, paths: entries.map { path, service in
            HTTPIngressPath(path: path, backend: IngressBackend(serviceName: service, port: .number(80)))
        })
    }

    @Test("no rules, TLS domain1 + domain3,domain4: three rules with the challenge path first; twice is the same")
    func addsRulesForTLSHosts() {
        let once = paths.rewrite([], hosts: ["domain1", "domain3", "domain4"])
        #expect(once.map(\.host) == ["domain1", "domain3", "domain4"])
        for rule in once {
            #expect(rule.paths.count == 1)
            #expect(rule.paths.first?.path == "/.well-known/acme-challenge/*")
            #expect(rule.paths.first?.pathType == "ImplementationSpecific")
            #expect(rule.paths.first?.backend.serviceName == "kube-lego-gce")
            #expect(rule.paths.first?.backend.servicePort == .number(8080))
        }
        #expect(paths.rewrite(once, hosts: ["domain1", "domain3", "domain4"]) == once)
    }

    @Test("challenge paths on domain1/domain2 and no TLS hosts: both removed, the other paths stay")
    func removesStalePaths() {
        let rules = [
            IngressRule(host: "domain1", paths: [paths.challengePath] + rule("domain1", [("/*", "app")]).paths),
            IngressRule(host: "domain2", paths: [paths.challengePath] + rule("domain2", [("/*", "app")]).paths),
        ]
        let result = paths.rewrite(rules, hosts: [])
        #expect(result == [rule("domain1", [("/*", "app")]), rule("domain2", [("/*", "app")])])
        #expect(paths.hostsWithChallengePath(result).isEmpty)
    }

    @Test("rules domain1 and domain2 (/*), TLS domain2: domain1 unchanged, domain2 gets the challenge path first")
    func editsOnlyTLSHosts() {
        let rules = [rule("domain1", [("/*", "app")]), rule("domain2", [("/*", "app")])]
        let result = paths.rewrite(rules, hosts: ["domain2"])
        #expect(result[0] == rules[0])
        #expect(result[1].paths.map(\.path) == ["/.well-known/acme-challenge/*", "/*"])
        #expect(paths.hostsWithChallengePath(result) == ["domain2"])
    }

    @Test("adding then removing restores every rule exactly, unknown members and order included")
    func roundTripIsExact() throws {
        let json = #"[{"x":1,"host":"A.example","http":{"y":true,"paths":[{"path":"/b","pathType":"ImplementationSpecific","backend":{"service":{"name":"app","port":{"name":"web"}}},"z":[1]}]}},{"http":{"paths":[{"path":"/*","pathType":"ImplementationSpecific","backend":{"service":{"name":"app","port":{"number":80}}}}]}}]"#
        let rules = try #require(JSONValue(parsing: json).arrayValue).compactMap { $0.objectValue.map(IngressRule.init(raw:)) }
        let added = paths.rewrite(rules, hosts: ["a.example", "b.example"])
        #expect(added.count == 3)
        #expect(added[0].paths.first == paths.challengePath)
        #expect(added[2].host == "b.example")
        let removed = paths.rewrite(added, hosts: [])
        #expect(JSONValue.array(removed.map { .object($0.raw) }).jsonText == JSONValue.array(rules.map { .object($0.raw) }).jsonText)
    }

    @Test("a user's own acme-challenge path to another Service is kept; a changed LEGO_PORT is rewritten")
    func ownership() {
        let user = rule("a", [("/.well-known/acme-challenge/*", "someone-else")])
        #expect(paths.rewrite([user], hosts: []) == [user])
        let old = GCEChallengePaths(serviceName: "kube-lego-gce", port: 9090).rewrite([], hosts: ["a"])
        let updated = paths.rewrite(old, hosts: ["a"])
        #expect(updated.first?.paths.map(\.backend.servicePort) == [.number(8080)])
        #expect(updated.first?.paths.count == 1)
    }

    @Test("route stages name the failing stage")
    func stages() {
        #expect(GCERouteStage(status: 404, body: "default backend", expected: "k") == .pathNotRouted)
        #expect(GCERouteStage(status: 502, body: "", expected: "k") == .backendUnhealthy)
        #expect(GCERouteStage(status: 200, body: "other", expected: "k") == .wrongAnswer(status: 200))
        #expect(GCERouteStage(status: 200, body: "k", expected: "k") == .ready)
        #expect(GCERouteStage.backendUnhealthy.description.contains("502"))
    }
}

@Suite("GCE challenge backend")
struct GCEChallengeBackendTests {
    let backend = GCEChallengeBackend(name: "kube-lego-gce", port: 8080, podIP: "10.0.0.7")

    @Test("a new Service is a managed, selector-less NodePort Service with one TCP port")
    func newService() {
        let service = backend.newService(namespace: "shop")
        #expect(service.type == "NodePort")
        #expect(service.raw["spec"]?.objectValue?["selector"] == nil)
        #expect(service.ports.count == 1)
        #expect(service.ports.first?.port == 8080)
        #expect(service.ports.first?.targetPort == .number(8080))
        #expect(GCEChallengeBackend.isManaged(service.metadata))
    }

    @Test("correcting a Service drops a selector and keeps the allocated nodePort")
    func correctService() throws {
        var service = Service(raw: try #require(JSONValue(parsing: #"{"metadata":{"name":"kube-lego-gce"},"spec":{"type":"ClusterIP","selector":{"app":"x"},"ports":[{"port":80,"nodePort":31234}]}}"#).objectValue))
        backend.correct(&service)
        #expect(service.type == "NodePort")
        #expect(service.raw["spec"]?.objectValue?["selector"] == nil)
        #expect(service.ports.first?.nodePort == 31234)
        #expect(service.ports.first?.port == 8080)
        let again = service
        backend.correct(&service)
        #expect(service == again)
    }

    @Test("Endpoints point at the pod IP and port only")
    func endpoints() {
        var endpoints = backend.newEndpoints(namespace: "shop")
        #expect(endpoints.subsets.first?.addresses == ["10.0.0.7"])
        #expect(endpoints.subsets.first?.ports.map(\.port) == [8080])
        GCEChallengeBackend(name: "kube-lego-gce", port: 8080, podIP: "10.0.0.8").correct(&endpoints)
        #expect(endpoints.subsets.first?.addresses == ["10.0.0.8"])
    }
}
