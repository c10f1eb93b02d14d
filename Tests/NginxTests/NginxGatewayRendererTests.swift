import Foundation
import KubeLegoKube
import KubeLegoSandbox
import Testing

/// The pure renderer with Gateway API objects: attachment, hostnames, precedence, backends and grants.
@Suite("nginx config renderer: Gateway API")
struct NginxGatewayRendererTests {
    let renderer = NginxConfigRenderer(listen: "127.0.0.1:9999")
    let gateway = gatewayJSON("shop", "web", listeners: [listener("http")])

    /// Services `name` in `namespace` on port 80 with one ready address at `127.0.0.1:<backendPort>`.
    func backends(_ list: [(String, String, Int)]) -> (services: [Service], endpoints: [Endpoints]) {
        let services = list.map { namespace, name, _ in
            Service(raw: selectorService(namespace, name, selector: name, port: 80, targetPort: 80))
        }
        let endpoints = list.map { namespace, name, port in
            Endpoints(raw: ["metadata": ["name": .string(name), "namespace": .string(namespace)],
                            "subsets": [["addresses": [["ip": "127.0.0.1"]], "ports": [["port": .int(port)]]]]])
        }
        return (services, endpoints)
    }

    /// Renders Gateway API objects (and optional Ingresses) over `backends`.
    func render(_ objects: NginxGatewayObjects, ingresses: [Ingress] = [], backends list: [(String, String, Int)] = []) -> String {
        let (services, endpoints) = backends(list)
        return renderer.render(ingresses: ingresses, services: services, endpoints: endpoints, gatewayAPI: objects)
    }

    /// The text of the `server` block for `host` (`_` for the default server).
    func serverBlock(_ text: String, _ host: String) -> String {
        text.components(separatedBy: "server {\n").first { $0.contains("server_name \(host);") } ?? ""
    }

    /// The body of `location <location> {` in a server block.
    func location(_ block: String, _ location: String) -> String? {
        guard let start = block.range(of: "    location \(location) {\n") else { return nil }
        let rest = block[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n    }\n")?.lowerBound ?? rest.endIndex)])
    }

    @Test("a route's longer prefix wins over another route's / on the same host; the rest goes to /")
    func challengeRouteWins() {
        let user = httpRouteJSON("shop", "user", hostnames: ["shop.example.com"], rules: [routeRule("/", to: "web")])
        let lego = httpRouteJSON("shop", "lego", parents: [["name": "web", "sectionName": "http"]],
                                 hostnames: ["shop.example.com"], rules: [routeRule("/.well-known/acme-challenge/", to: "lego")],
                                 created: "2026-03-01T00:00:00Z")
        let text = render(NginxGatewayObjects(gateways: [gateway], httpRoutes: [user, lego]),
                          backends: [("shop", "web", 5001), ("shop", "lego", 5002)])
        let block = serverBlock(text, "shop.example.com")
        #expect(location(block, "/")?.contains("proxy_pass http://upstream_shop_web_80;") == true, "\(text)")
        #expect(location(block, "= /.well-known/acme-challenge")?.contains("proxy_pass http://upstream_shop_lego_80;") == true)
        #expect(location(block, "/.well-known/acme-challenge/")?.contains("proxy_pass http://upstream_shop_lego_80;") == true)
        #expect(text.contains("upstream upstream_shop_lego_80 {\n    server 127.0.0.1:5002;\n}"))
        // No route of any hostname: the default server answers 404.
        #expect(location(serverBlock(text, "_"), "/")?.contains("return 404;") == true)
    }

    @Test("a backend in another namespace needs a ReferenceGrant there; without one it answers 500")
    func referenceGrants() {
        let route = httpRouteJSON("shop", "lego", hostnames: ["shop.example.com"],
                                  rules: [routeRule("/.well-known/acme-challenge/", to: "lego", namespace: "kube-lego", port: 80)])
        let list = [("kube-lego", "lego", 5002)]
        let refused = render(NginxGatewayObjects(gateways: [gateway], httpRoutes: [route]), backends: list)
        #expect(location(serverBlock(refused, "shop.example.com"), "/.well-known/acme-challenge/")?.contains("return 500;") == true)
        for (grant, allowed) in [
            (referenceGrantJSON("kube-lego", "g", from: "shop", service: "lego"), true),
            (referenceGrantJSON("kube-lego", "g", from: "shop", service: nil), true),
            (referenceGrantJSON("kube-lego", "g", from: "other", service: "lego"), false),
            (referenceGrantJSON("kube-lego", "g", from: "shop", service: "another"), false),
            (referenceGrantJSON("shop", "g", from: "shop", service: "lego"), false),
        ] {
            let text = render(NginxGatewayObjects(gateways: [gateway], httpRoutes: [route], referenceGrants: [grant]), backends: list)
            let body = location(serverBlock(text, "shop.example.com"), "/.well-known/acme-challenge/") ?? ""
            #expect(body.contains("proxy_pass http://upstream_kube_lego_lego_80;") == allowed, "\(grant)")
        }
    }

    @Test("invalid backends answer 500, a Service without ready addresses 503, a rule without backends 500")
    func backendFailures() {
        var noBackends = routeRule("/none", to: "x").objectValue ?? [:]
        noBackends["backendRefs"] = nil
        var otherKind = routeRule("/kind", to: "x").objectValue ?? [:]
        otherKind["backendRefs"] = [["group": "example.com", "kind": "Bucket", "name": "x"]]
        let route = httpRouteJSON("shop", "r", hostnames: ["h.example.com"], rules: [
            routeRule("/missing", to: "missing"), routeRule("/empty", to: "empty"), .object(noBackends), .object(otherKind),
        ])
        let services = [Service(raw: selectorService("shop", "empty", selector: "empty", port: 80, targetPort: 80))]
        let text = renderer.render(ingresses: [], services: services, endpoints: [],
                                   gatewayAPI: NginxGatewayObjects(gateways: [gateway], httpRoutes: [route]))
        let block = serverBlock(text, "h.example.com")
        #expect(location(block, "/missing/")?.contains("return 500;") == true)
        #expect(location(block, "/empty/")?.contains("return 503;") == true)
        #expect(location(block, "/none/")?.contains("return 500;") == true)
        #expect(location(block, "/kind/")?.contains("return 500;") == true)
    }

    @Test("Exact beats PathPrefix; the longest prefix wins; equal matches go to the oldest route, then by name")
    func precedence() {
        let older = httpRouteJSON("shop", "b-older", rules: [routeRule("/api", to: "one"), routeRule("/api/v1/users", type: "Exact", to: "two")],
                                  created: "2026-01-01T00:00:00Z")
        let newer = httpRouteJSON("shop", "a-newer", rules: [routeRule("/api", to: "three"), routeRule("/api/v1", to: "four")],
                                  created: "2026-02-01T00:00:00Z")
        let sameTime = httpRouteJSON("shop", "a-same", rules: [routeRule("/same", to: "three")], created: "2026-05-01T00:00:00Z")
        let sameTime2 = httpRouteJSON("shop", "b-same", rules: [routeRule("/same", to: "four")], created: "2026-05-01T00:00:00Z")
        let text = render(NginxGatewayObjects(gateways: [gateway], httpRoutes: [newer, older, sameTime2, sameTime]),
                          backends: [("shop", "one", 1), ("shop", "two", 2), ("shop", "three", 3), ("shop", "four", 4)])
        let block = serverBlock(text, "_")
        #expect(location(block, "/api/")?.contains("upstream_shop_one_80") == true, "\(block)")
        #expect(location(block, "= /api")?.contains("upstream_shop_one_80") == true)
        #expect(location(block, "/api/v1/")?.contains("upstream_shop_four_80") == true)
        #expect(location(block, "= /api/v1/users")?.contains("upstream_shop_two_80") == true)
        #expect(location(block, "/same/")?.contains("upstream_shop_three_80") == true)
    }

    @Test("a route naming the host exactly precedes routes of a wildcard or of every host, whatever their paths")
    func hostnamePrecedence() {
        let any = httpRouteJSON("shop", "any", rules: [routeRule("/api", to: "one")], created: "2026-01-01T00:00:00Z")
        let wildcard = httpRouteJSON("shop", "wild", hostnames: ["*.example.com"], rules: [routeRule("/api/v2", to: "two")])
        let exact = httpRouteJSON("shop", "exact", hostnames: ["x.example.com"], rules: [routeRule("/", to: "three")],
                                  created: "2026-09-01T00:00:00Z")
        let text = render(NginxGatewayObjects(gateways: [gateway], httpRoutes: [any, wildcard, exact]),
                          backends: [("shop", "one", 1), ("shop", "two", 2), ("shop", "three", 3)])
        let x = serverBlock(text, "x.example.com")
        for path in ["/", "/api/", "/api/v2/"] {
            #expect(location(x, path)?.contains("upstream_shop_three_80") == true, "\(path): \(x)")
        }
        let wild = serverBlock(text, "*.example.com")
        #expect(location(wild, "/api/v2/")?.contains("upstream_shop_two_80") == true)
        #expect(location(wild, "/api/")?.contains("upstream_shop_one_80") == true)
        let other = serverBlock(text, "_")
        #expect(location(other, "/api/")?.contains("upstream_shop_one_80") == true)
        #expect(location(other, "/api/v2/") == nil)
    }

    @Test("listener and route hostnames intersect as the spec defines, wildcards included")
    func hostnameIntersection() {
        let gateways = [gatewayJSON("shop", "web", listeners: [listener("http", hostname: "*.example.com")])]
        let route = httpRouteJSON("shop", "r", hostnames: ["a.example.com", "b.other.com", "*.sub.example.com"],
                                  rules: [routeRule("/", to: "one")])
        let listenerOnly = httpRouteJSON("shop", "l", rules: [routeRule("/l", to: "one")])
        let text = render(NginxGatewayObjects(gateways: gateways, httpRoutes: [route, listenerOnly]), backends: [("shop", "one", 1)])
        #expect(text.contains("server_name a.example.com;"))
        #expect(text.contains("server_name *.sub.example.com;"))
        #expect(!text.contains("b.other.com"))
        // The route without hostnames takes the listener's wildcard, which covers a.example.com too.
        #expect(location(serverBlock(text, "*.example.com"), "/l/") != nil)
        #expect(location(serverBlock(text, "a.example.com"), "/l/") != nil)
        #expect(location(serverBlock(text, "_"), "/l/") == nil)
        let disjoint = httpRouteJSON("shop", "d", hostnames: ["x.other.com"], rules: [routeRule("/", to: "one")])
        #expect(!render(NginxGatewayObjects(gateways: gateways, httpRoutes: [disjoint])).contains("other.com"))
    }

    @Test("allowedRoutes: Same by default, All, a Namespace label Selector; sectionName and port pick listeners")
    func attachment() {
        let gateways = [gatewayJSON("infra", "web", listeners: [
            listener("same", hostname: "same.example.com"),
            listener("all", hostname: "all.example.com", from: "All"),
            listener("selected", hostname: "selected.example.com", from: "Selector",
                     selector: ["matchLabels": ["gateway-access": "yes"]]),
            listener("named", port: 8080, hostname: "named.example.com", from: "Selector",
                     selector: ["matchExpressions": [["key": "kubernetes.io/metadata.name", "operator": "In", "values": ["shop"]]]]),
        ])]
        let namespaces: [JSONObject] = [
            ["metadata": ["name": "shop", "labels": ["gateway-access": "yes"]]], ["metadata": ["name": "other"]],
        ]
        let parent: JSONValue = ["name": "web", "namespace": "infra"]
        let shop = httpRouteJSON("shop", "r", parents: [parent], rules: [routeRule("/shop", to: "one")])
        let other = httpRouteJSON("other", "r", parents: [parent], rules: [routeRule("/other", to: "one")])
        let infra = httpRouteJSON("infra", "r", parents: [parent], rules: [routeRule("/infra", to: "one")])
        let text = render(NginxGatewayObjects(gateways: gateways, httpRoutes: [shop, other, infra], namespaces: namespaces))
        func served(_ host: String, _ path: String) -> Bool { location(serverBlock(text, host), path) != nil }
        #expect(served("same.example.com", "/infra/") && !served("same.example.com", "/shop/") && !served("same.example.com", "/other/"))
        #expect(served("all.example.com", "/infra/") && served("all.example.com", "/shop/") && served("all.example.com", "/other/"))
        #expect(served("selected.example.com", "/shop/") && !served("selected.example.com", "/other/"))
        #expect(served("named.example.com", "/shop/") && !served("named.example.com", "/infra/"))

        let bySection = httpRouteJSON("shop", "s", parents: [["name": "web", "namespace": "infra", "sectionName": "all"]],
                                      rules: [routeRule("/s", to: "one")])
        let byPort = httpRouteJSON("shop", "p", parents: [["name": "web", "namespace": "infra", "port": 8080]],
                                   rules: [routeRule("/p", to: "one")])
        let picked = render(NginxGatewayObjects(gateways: gateways, httpRoutes: [bySection, byPort], namespaces: namespaces))
        #expect(location(serverBlock(picked, "all.example.com"), "/s/") != nil)
        #expect(location(serverBlock(picked, "selected.example.com"), "/s/") == nil)
        #expect(location(serverBlock(picked, "named.example.com"), "/p/") != nil)
        #expect(location(serverBlock(picked, "all.example.com"), "/p/") == nil)
    }

    @Test("only HTTP listeners of Gateways of the served classes are rendered")
    func servedListenersAndClasses() {
        let gateways = [
            gatewayJSON("shop", "web", listeners: [listener("https", protocol: "HTTPS", port: 443, hostname: "tls.example.com")]),
            gatewayJSON("shop", "other", className: "istio", listeners: [listener("http", hostname: "istio.example.com")]),
        ]
        let tls = httpRouteJSON("shop", "tls", rules: [routeRule("/", to: "one")])
        let istio = httpRouteJSON("shop", "istio", parents: [["name": "other"]], rules: [routeRule("/", to: "one")])
        let text = render(NginxGatewayObjects(gateways: gateways, httpRoutes: [tls, istio]))
        #expect(!text.contains("tls.example.com") && !text.contains("istio.example.com"))
        let custom = NginxConfigRenderer(listen: "127.0.0.1:9999", gatewayClasses: ["istio"])
        let served = custom.render(ingresses: [], services: [], endpoints: [], gatewayAPI: NginxGatewayObjects(gateways: gateways, httpRoutes: [tls, istio]))
        #expect(served.contains("server_name istio.example.com;"))
    }

    @Test("method and header matches render as conditions, highest precedence last to assign")
    func conditions() {
        let route = httpRouteJSON("shop", "r", hostnames: ["c.example.com"], rules: [
            routeRule("/", to: "one"),
            routeRule("/", to: "two", method: "POST", headers: [("X-Canary", "yes")]),
            routeRule("/", to: "three", headers: [("X-Bad", "a\"b")]),
        ])
        let text = render(NginxGatewayObjects(gateways: [gateway], httpRoutes: [route]),
                          backends: [("shop", "one", 1), ("shop", "two", 2), ("shop", "three", 3)])
        let body = location(serverBlock(text, "c.example.com"), "/") ?? ""
        #expect(body.contains("""
                    set $gateway_target "upstream_shop_one_80";
                    set $gateway_match 1;
                    if ($request_method != "POST") { set $gateway_match 0; }
                    if ($http_x_canary != "yes") { set $gateway_match 0; }
                    if ($gateway_match) { set $gateway_target "upstream_shop_two_80"; }
            """), "\(body)")
        #expect(body.contains("proxy_pass http://$gateway_target;"))
        #expect(!text.contains("X-Bad") && !text.contains("upstream_shop_three_80"))
    }

    @Test("a host served by an Ingress and an HTTPRoute gets one server; the Ingress keeps a location both claim")
    func mergesWithIngresses() {
        var ingressJSON = userIngress("shop", "web", host: "m.example.com", paths: [("/", "one", 80)])
        ingressJSON["metadata"] = ["name": "web", "namespace": "shop", "creationTimestamp": "2026-01-01T00:00:00Z"]
        let route = httpRouteJSON("shop", "r", hostnames: ["m.example.com"],
                                  rules: [routeRule("/", to: "two"), routeRule("/.well-known/acme-challenge", to: "three")])
        let text = render(NginxGatewayObjects(gateways: [gateway], httpRoutes: [route]), ingresses: [Ingress(raw: ingressJSON)],
                          backends: [("shop", "one", 1), ("shop", "two", 2), ("shop", "three", 3)])
        #expect(text.components(separatedBy: "server_name m.example.com;").count == 2)
        let block = serverBlock(text, "m.example.com")
        #expect(location(block, "/")?.contains("upstream_shop_one_80") == true)
        #expect(location(block, "/.well-known/acme-challenge/")?.contains("upstream_shop_three_80") == true)
    }

    @Test("several weighted backends share one upstream; weight 0 takes none")
    func weights() {
        var rule = routeRule("/", to: "one").objectValue ?? [:]
        rule["backendRefs"] = [["name": "one", "port": 80, "weight": 3], ["name": "two", "port": 80, "weight": 1],
                               ["name": "three", "port": 80, "weight": 0]]
        let route = httpRouteJSON("shop", "split", hostnames: ["w.example.com"], rules: [.object(rule)])
        let text = render(NginxGatewayObjects(gateways: [gateway], httpRoutes: [route]),
                          backends: [("shop", "one", 1), ("shop", "two", 2), ("shop", "three", 3)])
        #expect(text.contains("upstream httproute_shop_split_rule0 {\n    server 127.0.0.1:1 weight=3;\n    server 127.0.0.1:2 weight=1;\n}"), "\(text)")
    }
}
