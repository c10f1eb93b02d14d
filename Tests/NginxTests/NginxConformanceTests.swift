import KubeLegoChallengeSolvers
import KubeLegoCore
import KubeLegoKube
import KubeLegoNginx
import KubeLegoProviderTestKit
import KubeLegoSandbox
import Testing

/// The provider conformance kit, end to end through the sandbox's real nginx.
@Suite("nginx provider end to end")
struct NginxConformanceTests {
    static func unmanagedObjects(namespace: String, configuration: Configuration) -> [JSONObject] {
        [
            userIngress(namespace, NginxSettings().ingressName, host: "planted.example.com"),
            selectorService(namespace, NginxSettings().serviceName, selector: "someone-else", port: 80, targetPort: 80),
        ]
    }

    @Test("passes every conformance check", arguments: [false, true])
    func conformance(classFromAnnotation: Bool) async throws {
        try await withEnvironment(nginx: true) { env in
            let plane = try #require(env.dataPlane)
            let kit = ProviderConformance(
                sandbox: env.sandbox, endpoints: env.endpoints,
                dataPlane: { host, path in try await plane.get(host: host, path: path) },
                makeProvider: { context in NginxProvider(context: context) },
                ingressClass: "nginx", classFromAnnotation: classFromAnnotation,
                unmanagedObjects: { namespace, configuration in Self.unmanagedObjects(namespace: namespace, configuration: configuration) },
                maximumWait: .seconds(15))
            let failures = try await kit.run()
            #expect(failures.isEmpty, "\(failures)")
        }
    }

    @Test("the kit reports a provider that leaves its route behind")
    func kitCatchesLeftovers() async throws {
        try await withEnvironment(nginx: true) { env in
            let plane = try #require(env.dataPlane)
            let kit = ProviderConformance(
                sandbox: env.sandbox, endpoints: env.endpoints,
                dataPlane: { host, path in try await plane.get(host: host, path: path) },
                makeProvider: { context in NeverWithdraws(inner: NginxProvider(context: context)) },
                ingressClass: "nginx", unmanagedObjects: { _, _ in [] }, maximumWait: .seconds(2))
            let failures = try await kit.run([.exposeServes, .withdrawRemovesRoute])
            #expect(failures.map(\.check) == [.withdrawRemovesRoute])
        }
    }

    @Test("a user's Ingress keeps serving / of its host while the challenge path of that host reaches the responder")
    func hostsMergedAcrossIngresses() async throws {
        try await withEnvironment(nginx: true) { env in
            let plane = try #require(env.dataPlane)
            try await withResponder(version: "user-app") { _, appPort in
                try await withResponder(version: "kube-lego") { responder, legoPort in
                    await env.endpoints.add(SandboxPod(name: "app", namespace: "default", labels: ["app": "app"], port: appPort))
                    await env.endpoints.add(SandboxPod(name: "kube-lego", namespace: "kube-lego", labels: ["app": "kube-lego"], port: legoPort))
                    try env.sandbox.create(selectorService("default", "app", selector: "app", port: 80, targetPort: 80))
                    try env.sandbox.create(userIngress("default", "shop", host: "shop.example.com"))
                    responder.tokens.register(host: "shop.example.com", token: "tok123", keyAuthorization: "tok123.thumb")
                    let provider = env.provider(try env.configuration(port: legoPort))
                    try await provider.expose(routes("default", "shop", ["shop.example.com"]))
                    try await plane.waitUntilCurrent()
                    let challenge = try await plane.get(host: "shop.example.com", path: "/.well-known/acme-challenge/tok123")
                    #expect(challenge.status == 200 && challenge.body == "tok123.thumb")
                    let selfTest = try await plane.get(host: "shop.example.com", path: "/.well-known/acme-challenge/_selftest")
                    #expect(selfTest.body == responder.instanceID)
                    let app = try await plane.get(host: "shop.example.com", path: "/products")
                    #expect(app.status == 404 && app.body.contains("user-app"))
                    try await provider.withdraw(ingress: ObjectReference(namespace: "default", name: "shop"))
                    try await plane.waitUntilCurrent()
                    let after = try await plane.get(host: "shop.example.com", path: "/.well-known/acme-challenge/tok123")
                    #expect(after.status == 404 && after.body.contains("user-app"))
                }
            }
        }
    }
}

/// A provider whose withdraw does nothing, to prove the kit notices.
struct NeverWithdraws: IngressProvider {
    let inner: NginxProvider
    var name: String { inner.name }
    var propagationTimeout: Duration { inner.propagationTimeout }
    func expose(_ routes: ChallengeRoutes) async throws { try await inner.expose(routes) }
    func withdraw(ingress: ObjectReference) async throws {}
    func reconcile(active: [ChallengeRoutes]) async throws { try await inner.reconcile(active: active) }
}
