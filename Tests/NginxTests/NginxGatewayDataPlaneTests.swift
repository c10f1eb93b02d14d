import KubeLegoChallengeSolvers
import KubeLegoKube
import KubeLegoSandbox
import Testing

/// The data plane routing HTTPRoutes through a real nginx, with the objects kube-lego's Gateway support writes.
@Suite("nginx data plane: Gateway API")
struct NginxGatewayDataPlaneTests {
    /// The user's side: namespace `shop`, Gateway `web` (an HTTP listener for every host and an HTTPS one for
    /// shop.example.com), the user's Service and HTTPRoute for `/` of shop.example.com, and kube-lego's Service.
    static let userObjects = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: web, namespace: shop}
        spec:
          gatewayClassName: sandbox
          listeners:
          - {name: http, protocol: HTTP, port: 80}
          - name: https
            protocol: HTTPS
            port: 443
            hostname: shop.example.com
            tls: {mode: Terminate, certificateRefs: [{kind: Secret, name: shop-tls}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: storefront, namespace: shop}
        spec:
          selector: {app: storefront}
          ports: [{port: 80, targetPort: 80}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: storefront, namespace: shop}
        spec:
          parentRefs: [{name: web}]
          hostnames: [shop.example.com]
          rules:
          - matches: [{path: {type: PathPrefix, value: /}}]
            backendRefs: [{name: storefront, port: 80}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: kube-lego-gateway, namespace: kube-lego}
        spec:
          selector: {app: kube-lego}
          ports: [{port: 8080, targetPort: 8080}]
        """

    /// Exactly what kube-lego's controller side writes: its HTTPRoute in the user's namespace, for the
    /// challenge path, backed by its Service in its own namespace.
    static let challengeRoute = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: kube-lego-web, namespace: shop, labels: {app.kubernetes.io/managed-by: kube-lego}}
        spec:
          parentRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: web, sectionName: http}]
          hostnames: [shop.example.com, www.shop.example.com]
          rules:
          - matches: [{path: {type: PathPrefix, value: /.well-known/acme-challenge/}}]
            backendRefs: [{group: "", kind: Service, name: kube-lego-gateway, namespace: kube-lego, port: 8080}]
        """

    /// And the ReferenceGrant that lets that route use the Service across namespaces.
    static let challengeGrant = """
        apiVersion: gateway.networking.k8s.io/v1beta1
        kind: ReferenceGrant
        metadata: {name: kube-lego-shop, namespace: kube-lego}
        spec:
          from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}]
          to: [{group: "", kind: Service, name: kube-lego-gateway}]
        """

    @Test("kube-lego's challenge route wins over the user's / on the same host; without the ReferenceGrant it answers 500")
    func challengeRouteThroughGateway() async throws {
        try await withEnvironment(nginx: true) { env in
            let plane = try #require(env.dataPlane)
            try await withResponder(version: "kube-lego-backend") { _, legoPort in
                try await withResponder(version: "user-backend") { _, userPort in
                    try env.sandbox.load(manifest: Self.userObjects)
                    try env.sandbox.load(manifest: Self.challengeRoute)
                    try env.sandbox.load(manifest: Self.challengeGrant)
                    await env.endpoints.add(SandboxPod(name: "storefront-1", namespace: "shop", labels: ["app": "storefront"], port: userPort))
                    await env.endpoints.add(SandboxPod(name: "kube-lego-1", namespace: "kube-lego", labels: ["app": "kube-lego"], port: legoPort))
                    try await plane.waitUntilCurrent()

                    for host in ["shop.example.com", "www.shop.example.com"] {
                        let challenge = try await plane.get(host: host, path: "/.well-known/acme-challenge/x")
                        #expect(challenge.status == 404 && challenge.body.contains("kube-lego-backend"),
                                "\(host): \(challenge) \(plane.renderedConfiguration)")
                    }
                    let root = try await plane.get(host: "shop.example.com", path: "/")
                    #expect(root.status == 200 && root.body == "ok")
                    let page = try await plane.get(host: "shop.example.com", path: "/products/1")
                    #expect(page.status == 404 && page.body.contains("user-backend"))
                    // The user's route names shop.example.com only: www gets the Gateway's 404 for what is not the challenge.
                    let www = try await plane.get(host: "www.shop.example.com", path: "/")
                    #expect(www.status == 404 && !www.body.contains("backend"))

                    // Status, as an implementation reports it.
                    let route = try #require(env.sandbox.object(kind: "HTTPRoute", namespace: "shop", name: "kube-lego-web"))
                    let parent = try #require(route["status"]?["parents"]?.arrayValue?.first)
                    #expect(parent["controllerName"] == "sandbox.kube-lego.io/nginx")
                    #expect(condition(parent, "Accepted")?["status"] == "True")
                    #expect(condition(parent, "ResolvedRefs")?["status"] == "True")
                    let gateway = try #require(env.sandbox.object(kind: "Gateway", namespace: "shop", name: "web"))
                    let listeners = gateway["status"]?["listeners"]?.arrayValue ?? []
                    #expect(listeners.map { $0["attachedRoutes"]?.intValue } == [2, 1])

                    try env.sandbox.delete(kind: "ReferenceGrant", namespace: "kube-lego", name: "kube-lego-shop")
                    try await plane.waitUntilCurrent()
                    let refused = try await plane.get(host: "shop.example.com", path: "/.well-known/acme-challenge/x")
                    #expect(refused.status == 500, "\(refused) \(plane.renderedConfiguration)")
                    #expect(try await plane.get(host: "shop.example.com", path: "/").status == 200)
                    let unresolved = try #require(env.sandbox.object(kind: "HTTPRoute", namespace: "shop", name: "kube-lego-web"))
                    let refusedParent = try #require(unresolved["status"]?["parents"]?.arrayValue?.first)
                    #expect(condition(refusedParent, "ResolvedRefs")?["status"] == "False")
                    #expect(condition(refusedParent, "ResolvedRefs")?["reason"] == "RefNotPermitted")
                }
            }
        }
    }

    @Test("header and method matches are served by nginx as the spec orders them")
    func conditionalMatches() async throws {
        try await withEnvironment(nginx: true) { env in
            let plane = try #require(env.dataPlane)
            try await withResponder(version: "stable-backend") { _, stablePort in
                try await withResponder(version: "canary-backend") { _, canaryPort in
                    await env.endpoints.add(SandboxPod(name: "stable", namespace: "default", labels: ["app": "stable"], port: stablePort))
                    await env.endpoints.add(SandboxPod(name: "canary", namespace: "default", labels: ["app": "canary"], port: canaryPort))
                    try env.sandbox.create(selectorService("default", "stable", selector: "stable", port: 80, targetPort: 80))
                    try env.sandbox.create(selectorService("default", "canary", selector: "canary", port: 80, targetPort: 80))
                    try env.sandbox.create(gatewayJSON("default", "web", listeners: [listener("http")]))
                    try env.sandbox.create(httpRouteJSON("default", "split", hostnames: ["c.example.com"], rules: [
                        routeRule("/", to: "stable"), routeRule("/", to: "canary", method: "GET", headers: [("X-Canary", "yes")]),
                    ]))
                    try await plane.waitUntilCurrent()
                    let plain = try await plane.get(host: "c.example.com", path: "/x")
                    #expect(plain.body.contains("stable-backend"), "\(plain) \(plane.renderedConfiguration)")
                    let canary = try await plane.get(host: "c.example.com", path: "/x", headers: ["X-Canary": "yes"])
                    #expect(canary.body.contains("canary-backend"), "\(canary)")
                    let wrongValue = try await plane.get(host: "c.example.com", path: "/x", headers: ["X-Canary": "no"])
                    #expect(wrongValue.body.contains("stable-backend"))
                }
            }
        }
    }

    @Test("a Gateway of another class, or an HTTPS-only attachment, serves nothing")
    func unservedGateways() async throws {
        try await withEnvironment(nginx: true) { env in
            let plane = try #require(env.dataPlane)
            try env.sandbox.create(gatewayJSON("default", "istio", className: "istio", listeners: [listener("http")]))
            try env.sandbox.create(gatewayJSON("default", "tls", listeners: [listener("https", protocol: "HTTPS", port: 443)]))
            for (name, parent) in [("a", "istio"), ("b", "tls")] {
                try env.sandbox.create(httpRouteJSON("default", name, parents: [["name": .string(parent)]],
                                                     hostnames: ["\(name).example.com"], rules: [routeRule("/", to: "missing")]))
            }
            try await plane.waitUntilCurrent()
            #expect(!plane.renderedConfiguration.contains("example.com"))
            // The other class's route gets no status from the sandbox; the HTTPS-only one is accepted but not served.
            #expect(env.sandbox.object(kind: "HTTPRoute", namespace: "default", name: "a")?["status"]?["parents"]?.arrayValue?.isEmpty ?? true)
            let accepted = env.sandbox.object(kind: "HTTPRoute", namespace: "default", name: "b")?["status"]?["parents"]?.arrayValue?.first
            #expect(accepted.flatMap { condition($0, "Accepted") }?["status"] == "True")
            #expect(accepted.flatMap { condition($0, "ResolvedRefs") }?["reason"] == "BackendNotFound")
        }
    }
}

extension NginxGatewayDataPlaneTests {
    @Test("a route that does not attach says why in its status, and counts on no listener")
    func refusedAttachments() async throws {
        try await withEnvironment(nginx: true) { env in
            let plane = try #require(env.dataPlane)
            try env.sandbox.create(gatewayJSON("default", "web", listeners: [listener("http", hostname: "a.example.com")]))
            let parent: JSONValue = ["name": "web", "namespace": "default"]
            try env.sandbox.create(httpRouteJSON("kube-lego", "elsewhere", parents: [parent], rules: [routeRule("/", to: "x")]))
            try env.sandbox.create(httpRouteJSON("default", "hostname", parents: [parent], hostnames: ["b.example.com"],
                                                 rules: [routeRule("/", to: "x")]))
            try env.sandbox.create(httpRouteJSON("default", "section", parents: [["name": "web", "sectionName": "nope"]],
                                                 rules: [routeRule("/", to: "x")]))
            try await plane.waitUntilCurrent()
            for (namespace, name, reason) in [("kube-lego", "elsewhere", "NotAllowedByListeners"),
                                              ("default", "hostname", "NoMatchingListenerHostname"),
                                              ("default", "section", "NoMatchingParent")] {
                let route = env.sandbox.object(kind: "HTTPRoute", namespace: namespace, name: name)
                let accepted = route?["status"]?["parents"]?.arrayValue?.first.flatMap { condition($0, "Accepted") }
                #expect(accepted?["status"] == "False" && accepted?["reason"] == .string(reason), "\(name): \(String(describing: route))")
            }
            let gateway = env.sandbox.object(kind: "Gateway", namespace: "default", name: "web")
            #expect(gateway?["status"]?["listeners"]?.arrayValue?.first?["attachedRoutes"] == 0)
            #expect(!plane.renderedConfiguration.contains("example.com"))
        }
    }
}

/// The condition of `type` in an object's or status entry's `conditions`.
func condition(_ entry: JSONValue, _ type: String) -> JSONValue? {
    entry["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
}
