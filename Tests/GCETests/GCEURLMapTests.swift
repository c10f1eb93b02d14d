import KubeLegoKube
import NIOCore
import Testing

@testable import KubeLegoSandbox

/// The emulated load balancer's pure parts: GCE path semantics and the URL-map change delay.
@Suite("GCE URL maps")
struct GCEURLMapTests {
    func backend(_ name: String) -> GCEBackendReference {
        GCEBackendReference(namespace: "shop", service: name, port: .number(80))
    }

    func map(_ rules: [String: [(String, String)]], defaultBackend: String? = nil) -> GCEURLMap {
        GCEURLMap(
            ingress: "shop/web",
            hosts: rules.mapValues { $0.map { GCEURLMap.PathRule(path: $0.0, backend: backend($0.1)) } },
            defaultBackend: defaultBackend.map(backend))
    }

    @Test("exact paths match exactly, /x/* matches /x, /x/ and below, the longest glob wins, else the default backend")
    func pathSemantics() {
        let urlMap = map(["a": [("/*", "app"), ("/docs/*", "docs"), ("/docs/api/*", "api"), ("/login", "login")]], defaultBackend: "fallback")
        #expect(urlMap.backend(host: "a", path: "/login") == backend("login"))
        #expect(urlMap.backend(host: "a", path: "/login/x") == backend("app"))
        #expect(urlMap.backend(host: "a", path: "/docs") == backend("docs"))
        #expect(urlMap.backend(host: "a", path: "/docs/api/v1") == backend("api"))
        #expect(urlMap.backend(host: "a", path: "/other") == backend("app"))
        #expect(urlMap.backend(host: "b", path: "/") == nil)
        let exactOnly = map(["a": [("/.well-known/acme-challenge/x", "lego")]], defaultBackend: "fallback")
        #expect(exactOnly.backend(host: "a", path: "/.well-known/acme-challenge/y") == backend("fallback"))
        let wildcard = map(["*": [("/*", "app")]])
        #expect(wildcard.backend(host: "anything", path: "/x") == backend("app"))
        #expect(wildcard.servesAnyHost && !wildcard.names(host: "anything"))
    }

    @Test("Prefix matches by segment, Exact only itself; exact beats prefix, the longer prefix beats the shorter")
    func gkePathTypes() {
        let rules = [
            GCEURLMap.PathRule(path: "/", pathType: "Prefix", backend: backend("root")),
            GCEURLMap.PathRule(path: "/api", pathType: "Prefix", backend: backend("api")),
            GCEURLMap.PathRule(path: "/api/health", pathType: "Exact", backend: backend("health")),
            GCEURLMap.PathRule(path: "/.well-known/acme-challenge/*", backend: backend("lego")),
        ]
        let urlMap = GCEURLMap(ingress: "shop/web", hosts: ["a": rules], defaultBackend: nil)
        #expect(urlMap.backend(host: "a", path: "/api") == backend("api"))
        #expect(urlMap.backend(host: "a", path: "/api/v1") == backend("api"))
        #expect(urlMap.backend(host: "a", path: "/apis") == backend("root"))
        #expect(urlMap.backend(host: "a", path: "/api/health") == backend("health"))
        #expect(urlMap.backend(host: "a", path: "/api/health/x") == backend("api"))
        #expect(urlMap.backend(host: "a", path: "/.well-known/acme-challenge/tok") == backend("lego"))
        #expect(urlMap.backend(host: "a", path: "/anything") == backend("root"))
    }

    @Test("a changed URL map takes effect only after the delay, measured from its last change; a vanished Ingress goes after it too")
    func delay() {
        var state = GCELoadBalancerState()
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        let delay = TimeAmount.seconds(5)
        let first = map(["a": [("/*", "app")]])
        #expect(state.observe(["shop/web": .success(first)], now: start, delay: delay).isEmpty)
        #expect(state.urlMap(host: "a") == nil)
        #expect(state.observe(["shop/web": .success(first)], now: start + .seconds(4), delay: delay).isEmpty)
        #expect(state.observe(["shop/web": .success(first)], now: start + .seconds(5), delay: delay) == ["shop/web"])
        #expect(state.urlMap(host: "a") == first)

        let second = map(["a": [("/.well-known/acme-challenge/*", "lego"), ("/*", "app")]])
        _ = state.observe(["shop/web": .success(second)], now: start + .seconds(10), delay: delay)
        let third = map(["a": [("/*", "app")], "b": [("/*", "app")]])
        _ = state.observe(["shop/web": .success(third)], now: start + .seconds(12), delay: delay)
        #expect(state.observe(["shop/web": .success(third)], now: start + .seconds(16), delay: delay).isEmpty)
        #expect(state.urlMap(host: "a") == first)
        _ = state.observe(["shop/web": .success(third)], now: start + .seconds(17), delay: delay)
        #expect(state.urlMap(host: "b") == third)

        _ = state.observe([:], now: start + .seconds(20), delay: delay)
        #expect(state.urlMap(host: "b") == third)
        _ = state.observe([:], now: start + .seconds(25), delay: delay)
        #expect(state.urlMap(host: "b") == nil)
    }

    @Test("an Ingress that cannot be programmed keeps its old URL map and its failure is recorded until it is fixed")
    func invalidKeepsOldMap() {
        var state = GCELoadBalancerState()
        let now = NIODeadline.uptimeNanoseconds(0)
        let good = map(["a": [("/*", "app")]])
        _ = state.observe(["shop/web": .success(good)], now: now, delay: .zero)
        _ = state.observe(["shop/web": .failure(SandboxError(.invalid, "pathType Prefix"))], now: now + .seconds(1), delay: .zero)
        #expect(state.urlMap(host: "a") == good)
        #expect(state.failures["shop/web"] == "pathType Prefix")
        _ = state.observe(["shop/web": .success(good)], now: now + .seconds(2), delay: .zero)
        #expect(state.failures.isEmpty)
    }

    @Test("an endpoint serves after healthyThreshold consecutive passes and stops after unhealthyThreshold failures")
    func healthThresholds() {
        var state = GCELoadBalancerState()
        state.record(probe: true, endpoint: "e", healthyThreshold: 2, unhealthyThreshold: 2)
        #expect(state.health["e"]?.healthy == false)
        state.record(probe: true, endpoint: "e", healthyThreshold: 2, unhealthyThreshold: 2)
        #expect(state.health["e"]?.healthy == true)
        state.record(probe: false, endpoint: "e", healthyThreshold: 2, unhealthyThreshold: 2)
        #expect(state.health["e"]?.healthy == true)
        state.record(probe: false, endpoint: "e", healthyThreshold: 2, unhealthyThreshold: 2)
        #expect(state.health["e"]?.healthy == false)
    }

    @Test("the compiler accepts only ImplementationSpecific paths, GCE globs and NodePort or LoadBalancer Services")
    func compilerRules() throws {
        let services: [String: String] = ["np": "NodePort", "lb": "LoadBalancer", "cip": "ClusterIP"]
        let compiler = GCEURLMapCompiler { _, name in
            services[name].map { type in
                var service = Service(name: name, namespace: "shop")
                service.type = type
                service.ports = [ServicePort(name: "http", port: 80)]
                return service
            }
        }
        func ingress(_ path: String, _ pathType: String = "ImplementationSpecific", service: String = "np") throws -> Ingress {
            var ingress = Ingress(name: "web", namespace: "shop")
            ingress.rules = [IngressRule(host: "a", paths: [HTTPIngressPath(path: path, pathType: pathType, backend: IngressBackend(serviceName: service, port: .number(80)))])]
            return ingress
        }
        #expect(throws: Never.self) { try compiler.compile(ingress("/*")).get() }
        #expect(throws: Never.self) { try compiler.compile(ingress("/x", service: "lb")).get() }
        #expect(throws: SandboxError.self) { try compiler.compile(ingress("/*", "Prefix")).get() }
        var gke = compiler
        gke.acceptedPathTypes = ["ImplementationSpecific", "Prefix", "Exact"]
        #expect(throws: Never.self) { try gke.compile(ingress("/api", "Prefix")).get() }
        #expect(throws: SandboxError.self) { try gke.compile(ingress("/api/*", "Prefix")).get() }
        #expect(throws: SandboxError.self) { try compiler.compile(ingress("/a*b")).get() }
        #expect(throws: SandboxError.self) { try compiler.compile(ingress("/*", service: "cip")).get() }
        #expect(throws: SandboxError.self) { try compiler.compile(ingress("/*", service: "missing")).get() }
        var wrongPort = try ingress("/*")
        wrongPort.rules = [IngressRule(host: "a", paths: [HTTPIngressPath(path: "/*", backend: IngressBackend(serviceName: "np", port: .number(81)))])]
        #expect(throws: SandboxError.self) { try compiler.compile(wrongPort).get() }
    }
}
