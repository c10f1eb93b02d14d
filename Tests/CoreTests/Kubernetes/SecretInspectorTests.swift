import Foundation
import KubeLegoCore
import KubeLegoKube
import KubeLegoTLS
import Testing

@Suite("SecretInspector")
struct SecretInspectorTests {
    let factory: LeafFactory

    init() throws {
        factory = try LeafFactory()
    }

    @Test("a managed TLS Secret: names (DNS and IP), validity, matching key, issuing directory")
    func managedSecret() throws {
        let (chain, key) = try factory.leaf(["shop.example", "WWW.shop.example", "192.0.2.7"])
        let secret = makeSecret(
            "shop-tls", data: ["tls.crt": chain, "tls.key": key], labels: ["app.kubernetes.io/managed-by": "kube-lego"],
            annotations: ["kube-lego/acme-directory": "https://acme.test/directory"])
        let facts = SecretInspector.facts(of: secret, annotationKey: "kubernetes.io/tls-acme")
        #expect(facts.type == "kubernetes.io/tls")
        #expect(facts.managedByKubeLego)
        #expect(facts.hasCertificateData)
        #expect(facts.certificate?.names == ["shop.example", "www.shop.example", "192.0.2.7"])
        let certificate = try #require(facts.certificate)
        #expect(certificate.notAfter.timeIntervalSince(certificate.notBefore) > 29 * 86_400)
        #expect(facts.keyMatchesCertificate == true)
        #expect(facts.issuingDirectory == "https://acme.test/directory")
        let leaf = try #require(SecretInspector.leaf(of: secret))
        #expect(leaf.dnsNames.map { $0.lowercased() } == ["shop.example", "www.shop.example"])
        #expect(leaf.ipAddresses == ["192.0.2.7"])
    }

    @Test("a key from another certificate does not match")
    func mismatchedKey() throws {
        let (chain, _) = try factory.leaf(["a.example"])
        let (_, otherKey) = try factory.leaf(["a.example"])
        let facts = SecretInspector.facts(
            of: makeSecret("a", data: ["tls.crt": chain, "tls.key": otherKey]), annotationKey: "kubernetes.io/tls-acme")
        #expect(facts.certificate != nil)
        #expect(facts.keyMatchesCertificate == false)
        #expect(!facts.managedByKubeLego)
        #expect(facts.issuingDirectory == nil)
    }

    @Test("garbage in tls.crt: data present, no certificate, no key verdict")
    func garbage() {
        let secret = makeSecret("g", data: ["tls.crt": "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n", "tls.key": "junk"])
        let facts = SecretInspector.facts(of: secret, annotationKey: "kubernetes.io/tls-acme")
        #expect(facts.hasCertificateData)
        #expect(facts.certificate == nil)
        #expect(facts.keyMatchesCertificate == nil)
        #expect(SecretInspector.leaf(of: secret) == nil)
    }

    @Test("an unreadable key next to a good certificate counts as not matching")
    func unreadableKey() throws {
        let (chain, _) = try factory.leaf(["b.example"])
        let facts = SecretInspector.facts(of: makeSecret("b", data: ["tls.crt": chain, "tls.key": "junk"]), annotationKey: "kubernetes.io/tls-acme")
        #expect(facts.keyMatchesCertificate == false)
    }

    @Test("the original's annotation (and a custom LEGO_KUBE_ANNOTATION) marks a Secret as kube-lego's")
    func originalAnnotation() throws {
        let (chain, key) = try factory.leaf(["c.example"])
        let original = makeSecret("c", data: ["tls.crt": chain, "tls.key": key], annotations: ["kubernetes.io/tls-acme": "true"])
        #expect(SecretInspector.facts(of: original, annotationKey: "kubernetes.io/tls-acme").managedByKubeLego)
        #expect(!SecretInspector.facts(of: original, annotationKey: "example.com/acme").managedByKubeLego)
        let custom = makeSecret("c", data: ["tls.crt": chain], annotations: ["example.com/acme": "true"])
        #expect(SecretInspector.facts(of: custom, annotationKey: "example.com/acme").managedByKubeLego)
        let falseValue = makeSecret("c", data: ["tls.crt": chain], annotations: ["kubernetes.io/tls-acme": "false"])
        #expect(!SecretInspector.facts(of: falseValue, annotationKey: "kubernetes.io/tls-acme").managedByKubeLego)
    }

    @Test("an empty Opaque Secret: its type, no data")
    func emptyOpaque() {
        var secret = Secret(name: "o", namespace: "web")
        secret.type = nil
        let facts = SecretInspector.facts(of: secret, annotationKey: "kubernetes.io/tls-acme")
        #expect(facts.type == "Opaque")
        #expect(!facts.hasCertificateData)
        #expect(facts.certificate == nil)
    }
}
