import KubeLegoCore
import KubeLegoGateway
import KubeLegoKube
import Testing

@Suite("Gateway intent and challenge route")
struct GatewayIntentTests {
    let configuration: Configuration = {
        var configuration = try! Configuration.parse(
            environment: ["LEGO_EMAIL": "a@b.c", "LEGO_POD_IP": "10.0.0.1", "LEGO_GATEWAY_CLASSES": "Edge"], providers: ["nginx"]
        ).configuration
        configuration.namespace = "kube-lego"
        return configuration
    }()

    func gateway(_ json: String) throws -> Gateway {
        guard case .object(let raw) = try JSONValue(parsing: json) else { throw KubeError(.decoding, "not an object") }
        return Gateway(raw: raw)
    }

    static let listeners = #"""
        [{"name":"http","protocol":"HTTP","port":80},
         {"name":"a","protocol":"HTTPS","port":443,"hostname":"A.example.com","tls":{"certificateRefs":[{"name":"shared"}]}},
         {"name":"b","protocol":"HTTPS","port":443,"hostname":"b.example.com","tls":{"certificateRefs":[{"kind":"Secret","name":"shared"}]}},
         {"name":"c","protocol":"TLS","port":443,"hostname":"c.example.com","tls":{"mode":"Terminate","certificateRefs":[{"name":"own"}]}},
         {"name":"pass","protocol":"TLS","port":443,"hostname":"p.example.com","tls":{"mode":"Passthrough"}},
         {"name":"nohost","protocol":"HTTPS","port":8443,"tls":{"certificateRefs":[{"name":"x"}]}},
         {"name":"elsewhere","protocol":"HTTPS","port":443,"hostname":"e.example.com","tls":{"certificateRefs":[{"name":"y","namespace":"other"}]}}]
        """#

    @Test("TLS-terminating listeners grouped by Secret, hosts united in order; hostless and foreign refs are warnings")
    func entries() throws {
        let intent = IngressIntent(try gateway(#"""
            {"metadata":{"name":"web","namespace":"shop","annotations":{"kubernetes.io/tls-acme":"true"}},
             "spec":{"gatewayClassName":"edge","listeners":\#(Self.listeners)}}
            """#), configuration: configuration)
        #expect(intent.kind == .gateway && intent.isServed(by: configuration))
        #expect(intent.resolution.provider == "gateway")
        #expect(intent.certificates.map(\.secretName) == ["shared", "own"])
        #expect(intent.certificates.map(\.hosts) == [["a.example.com", "b.example.com"], ["c.example.com"]])
        #expect(intent.certificates.map(\.listeners) == [["a", "b"], ["c"]])
        #expect(intent.certificates.first?.entryLabel == "spec.listeners[a,b]")
        #expect(intent.warnings.map(\.reason) == ["ListenerWithoutHostname", "UnsupportedCertificateRef"])
        #expect(intent.warnings.first?.message.contains("nohost") == true)
    }

    @Test("served only when enabled and of a class in LEGO_GATEWAY_CLASSES")
    func served() throws {
        let otherClass = IngressIntent(try gateway(#"""
            {"metadata":{"name":"web","namespace":"shop","annotations":{"kubernetes.io/tls-acme":"true"}},"spec":{"gatewayClassName":"istio"}}
            """#), configuration: configuration)
        #expect(!otherClass.isServed(by: configuration))
        let plain = IngressIntent(try gateway(#"{"metadata":{"name":"web","namespace":"shop"},"spec":{"gatewayClassName":"edge"}}"#),
                                  configuration: configuration)
        #expect(!plain.isServed(by: configuration))
    }

    @Test("the challenge route attaches to HTTP listeners carrying the hosts; allowedRoutes refusals are named")
    func routeSpec() throws {
        let gateway = try gateway(#"""
            {"metadata":{"name":"web","namespace":"shop"},"spec":{"gatewayClassName":"edge","listeners":[
              {"name":"http","protocol":"HTTP","port":80},
              {"name":"wild","protocol":"HTTP","port":80,"hostname":"*.example.com"},
              {"name":"elsewhere","protocol":"HTTP","port":80,"hostname":"other.org"},
              {"name":"grpc-only","protocol":"HTTP","port":80,"allowedRoutes":{"kinds":[{"kind":"GRPCRoute"}]}},
              {"name":"picky","protocol":"HTTP","port":80,"allowedRoutes":{"namespaces":{"from":"Selector","selector":{"matchLabels":{"team":"web"}}}}},
              {"name":"https","protocol":"HTTPS","port":443}]}}
            """#)
        let spec = ChallengeRouteSpec(gateway: gateway, hosts: ["a.example.com"], namespaceLabels: ["team": "shop"])
        #expect(spec.listeners == ["http", "wild"])
        #expect(spec.refusals.map(\.listener) == ["grpc-only", "picky"])
        let selected = ChallengeRouteSpec(gateway: gateway, hosts: ["a.example.com"], namespaceLabels: ["team": "web"])
        #expect(selected.listeners == ["http", "wild", "picky"])

        let route = spec.routeSpec(gateway: ObjectReference(namespace: "shop", name: "web"), service: "kube-lego-gateway",
                                   serviceNamespace: "kube-lego", port: 8080)
        let text = JSONValue.object(route).serialized()
        let json = String(decoding: text, as: UTF8.self)
        #expect(json.contains(#""sectionName":"http""#) && json.contains(#""sectionName":"wild""#))
        #expect(json.contains(#""value":"/.well-known/acme-challenge/""#))
        #expect(json.contains(#""namespace":"kube-lego""#) && json.contains(#""port":8080"#))
        #expect(ChallengeRouteSpec.routeName(for: "web") == "kube-lego-web")
        #expect(ChallengeRouteSpec.routeName(for: String(repeating: "g", count: 250)).count <= 253)
    }
}
