import KubeLegoCore
import KubeLegoKube
import Testing

@Suite("Ingress intent")
struct IngressIntentTests {
    let configuration = try! Configuration.parse(environment: ["LEGO_EMAIL": "a@b.c", "LEGO_POD_IP": "10.0.0.1"], providers: ["nginx", "gce"]).configuration

    func ingress(_ json: String) throws -> Ingress {
        guard case .object(let raw) = try JSONValue(parsing: json) else { throw KubeError(.decoding, "not an object") }
        return Ingress(raw: raw)
    }

    @Test("enabled by the annotation, case-insensitively; one desired certificate per TLS entry")
    func readsIntent() throws {
        let intent = IngressIntent(
            try ingress(#"""
                {"metadata":{"name":"web","namespace":"shop","annotations":{"kubernetes.io/tls-acme":"TRUE"}},
                 "spec":{"ingressClassName":"nginx","tls":[{"hosts":["A.example","b.example"],"secretName":"ab"},{"hosts":["c.example"]}]}}
                """#), configuration: configuration, providerNames: ["nginx", "gce"])
        #expect(intent.enabled)
        #expect(intent.isServed(by: configuration))
        #expect(intent.resolution == IngressClassResolution(ingressClass: "nginx", fromAnnotation: false, provider: "nginx"))
        #expect(intent.certificates.map(\.hosts) == [["a.example", "b.example"], ["c.example"]])
        #expect(intent.certificates.map(\.secretName) == ["ab", ""])
        #expect(intent.allHosts == ["a.example", "b.example", "c.example"])
    }

    @Test("not enabled without the annotation or with another value; unsupported classes are not served")
    func notServed() throws {
        let plain = IngressIntent(try ingress(#"{"metadata":{"name":"x","namespace":"n"},"spec":{}}"#), configuration: configuration, providerNames: ["nginx"])
        #expect(!plain.enabled)
        let other = IngressIntent(
            try ingress(#"{"metadata":{"name":"x","namespace":"n","annotations":{"kubernetes.io/tls-acme":"true","kubernetes.io/ingress.class":"traefik"}}}"#),
            configuration: configuration, providerNames: ["nginx"])
        #expect(other.enabled && !other.isServed(by: configuration))
    }

    @Test("relevant changes: spec, the enabling annotation turning true, class annotations; not status or labels")
    func relevantChanges() throws {
        let base = try ingress(#"{"metadata":{"name":"x","namespace":"n","annotations":{"kubernetes.io/tls-acme":"false"}},"spec":{"rules":[]},"status":{}}"#)
        var flipped = base
        flipped.metadata.annotations["kubernetes.io/tls-acme"] = "true"
        #expect(IngressIntent.isRelevantChange(from: base, to: flipped, annotationKey: "kubernetes.io/tls-acme"))
        var status = base
        status.raw["status"] = ["loadBalancer": ["ingress": [["ip": "1.2.3.4"]]]]
        status.metadata.labels["team"] = "a"
        #expect(!IngressIntent.isRelevantChange(from: base, to: status, annotationKey: "kubernetes.io/tls-acme"))
        var spec = base
        spec.ingressClassName = "gce"
        #expect(IngressIntent.isRelevantChange(from: base, to: spec, annotationKey: "kubernetes.io/tls-acme"))
    }
}
