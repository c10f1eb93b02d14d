import Foundation
import KubeLegoKube
import KubeLegoSandbox
import Testing

/// The pure renderer: Ingresses + Services + Endpoints → nginx configuration text.
@Suite("nginx config renderer")
struct NginxConfigRendererTests {
    let renderer = NginxConfigRenderer(listen: "127.0.0.1:9999")

    func ingress(_ json: JSONObject, created: String = "2026-01-01T00:00:00Z") -> Ingress {
        var ingress = Ingress(raw: json)
        ingress.metadata.raw["creationTimestamp"] = .string(created)
        return ingress
    }

    func service(_ namespace: String, _ name: String, port: Int, portName: String? = nil) -> Service {
        Service(raw: selectorService(namespace, name, selector: name, port: port, targetPort: port, portName: portName))
    }

    func endpoints(_ namespace: String, _ name: String, _ addresses: [String], port: Int, portName: String? = nil) -> Endpoints {
        var portEntry: JSONObject = ["port": .int(port)]
        if let portName { portEntry["name"] = .string(portName) }
        return Endpoints(raw: [
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "subsets": [["addresses": .array(addresses.map { ["ip": .string($0)] }), "ports": [.object(portEntry)]]],
        ])
    }

    /// The text of the `server` block for `host`.
    func serverBlock(_ text: String, _ host: String) -> String? {
        text.components(separatedBy: "server {\n").first { $0.contains("server_name \(host);") }
    }

    @Test("one server per host across Ingresses, each path a location")
    func mergesHosts() {
        let user = ingress(userIngress("shop", "web", host: "x.example.com"))
        let challenge = ingress(userIngress("kube-lego", "kube-lego-nginx", host: "x.example.com",
                                            paths: [("/.well-known/acme-challenge", "kube-lego-nginx", 8080)]))
        let text = renderer.render(
            ingresses: [user, challenge],
            services: [service("shop", "app", port: 80), service("kube-lego", "kube-lego-nginx", port: 8080)],
            endpoints: [endpoints("shop", "app", ["127.0.0.1"], port: 5001), endpoints("kube-lego", "kube-lego-nginx", ["127.0.0.1"], port: 5002)])
        #expect(text.components(separatedBy: "server_name x.example.com;").count == 2)
        let block = serverBlock(text, "x.example.com") ?? ""
        #expect(block.contains("location / {\n        proxy_set_header Host $host;\n        proxy_pass http://upstream_shop_app_80;"))
        #expect(block.contains("location = /.well-known/acme-challenge {"))
        #expect(block.contains("location /.well-known/acme-challenge/ {"))
        #expect(text.contains("upstream upstream_shop_app_80 {\n    server 127.0.0.1:5001;\n}"))
        #expect(text.contains("upstream upstream_kube_lego_kube_lego_nginx_8080 {\n    server 127.0.0.1:5002;\n}"))
        #expect(text.contains("listen 127.0.0.1:9999 default_server;"))
    }

    @Test("Exact, Prefix and ImplementationSpecific become exact, element-wise prefix and plain prefix locations")
    func pathTypes() {
        let exact = ingress(userIngress("a", "exact", host: "h.example.com", paths: [("/exact", "svc", 80)], pathType: "Exact"))
        let prefix = ingress(userIngress("a", "prefix", host: "h.example.com", paths: [("/prefix/", "svc", 80)], pathType: "Prefix"))
        let specific = ingress(userIngress("a", "specific", host: "h.example.com", paths: [("/impl", "svc", 80)],
                                           pathType: "ImplementationSpecific"))
        let text = renderer.render(ingresses: [exact, prefix, specific], services: [], endpoints: [])
        let block = serverBlock(text, "h.example.com") ?? ""
        #expect(block.contains("location = /exact {"))
        #expect(!block.contains("location /exact/"))
        #expect(block.contains("location = /prefix {"))
        #expect(block.contains("location /prefix/ {"))
        #expect(block.contains("location /impl {"))
        // No backend Service: 503, and a host without `/` answers 404 elsewhere.
        #expect(block.contains("return 503;"))
        #expect(block.contains("location / {\n        return 404;"))
    }

    @Test("a named Service port resolves through the Endpoints port of that name, to every address")
    func namedPorts() {
        var json = userIngress("a", "named", host: "n.example.com")
        json["spec"] = ["rules": [["host": "n.example.com", "http": ["paths": [[
            "path": "/", "pathType": "Prefix", "backend": ["service": ["name": "svc", "port": ["name": "web"]]],
        ]]]]]]
        let text = renderer.render(ingresses: [ingress(json)], services: [service("a", "svc", port: 80, portName: "web")],
                                   endpoints: [endpoints("a", "svc", ["10.0.0.2", "10.0.0.1"], port: 8080, portName: "web")])
        #expect(text.contains("upstream upstream_a_svc_web {\n    server 10.0.0.1:8080;\n    server 10.0.0.2:8080;\n}"))
    }

    @Test("only served classes are rendered: ingressClassName, the annotation, or no class")
    func classes() {
        let other = ingress(userIngress("a", "other", host: "other.example.com", className: "gce"))
        let annotated = ingress(userIngress("a", "annotated", host: "annotated.example.com", className: nil, classAnnotation: "nginx"))
        let annotatedOther = ingress(userIngress("a", "annotated-other", host: "ao.example.com", className: "nginx", classAnnotation: "gce"))
        let none = ingress(userIngress("a", "none", host: "none.example.com", className: nil))
        let text = renderer.render(ingresses: [other, annotated, annotatedOther, none], services: [], endpoints: [])
        #expect(!text.contains("other.example.com"))
        #expect(text.contains("server_name annotated.example.com;"))
        #expect(!text.contains("ao.example.com"))
        #expect(text.contains("server_name none.example.com;"))
        let strict = NginxConfigRenderer(listen: "127.0.0.1:9999", servesIngressesWithoutClass: false)
        #expect(!strict.render(ingresses: [none], services: [], endpoints: []).contains("none.example.com"))
    }

    @Test("when two Ingresses claim one location, the older wins")
    func olderWins() {
        let older = ingress(userIngress("a", "older", host: "c.example.com", paths: [("/", "first", 80)]), created: "2026-01-01T00:00:00Z")
        let newer = ingress(userIngress("a", "newer", host: "c.example.com", paths: [("/", "second", 80)]), created: "2026-02-01T00:00:00Z")
        let services = [service("a", "first", port: 80), service("a", "second", port: 80)]
        let eps = [endpoints("a", "first", ["127.0.0.1"], port: 1001), endpoints("a", "second", ["127.0.0.1"], port: 1002)]
        let text = renderer.render(ingresses: [newer, older], services: services, endpoints: eps)
        #expect(text.contains("proxy_pass http://upstream_a_first_80;"))
        #expect(!text.contains("proxy_pass http://upstream_a_second_80;"))
    }

    @Test("hosts and paths nginx could misread are left out")
    func unsafeInput() {
        let badHost = ingress(userIngress("a", "bad-host", host: "evil.com; include /etc/passwd"))
        let badPath = ingress(userIngress("a", "bad-path", host: "ok.example.com", paths: [("/x { return 200", "svc", 80)]))
        let text = renderer.render(ingresses: [badHost, badPath], services: [], endpoints: [])
        #expect(!text.contains("evil.com"))
        #expect(!text.contains("return 200"))
        #expect(text.contains("server_name ok.example.com;"))
    }

    @Test("rendering is deterministic")
    func deterministic() {
        let one = ingress(userIngress("a", "one", host: "b.example.com"))
        let two = ingress(userIngress("a", "two", host: "a.example.com"))
        #expect(renderer.render(ingresses: [one, two], services: [], endpoints: [])
                    == renderer.render(ingresses: [two, one], services: [], endpoints: []))
    }
}
