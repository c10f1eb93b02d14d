import Foundation
import KubeLegoCore
import Testing

@Suite("Planner")
struct PlannerTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let directory = "https://acme.example/dir"
    var planner: Planner { Planner(minimumValidity: .seconds(20 * 86_400), directoryURL: directory) }
    let desired = DesiredCertificate(
        ingress: ObjectReference(namespace: "web", name: "shop"), index: 0, secretName: "shop-tls",
        hosts: ["das.de.de", "K8S.io", "k8s.io"])

    func secret(
        names: Set<String> = ["das.de.de", "k8s.io"], expiresIn: TimeInterval = 60 * 86_400, type: String = "kubernetes.io/tls",
        managed: Bool = true, keyMatches: Bool? = true, issuer: String? = "https://acme.example/dir"
    ) -> SecretFacts {
        SecretFacts(
            type: type, managedByKubeLego: managed,
            certificate: CertificateFacts(names: names, notBefore: now.addingTimeInterval(expiresIn - 90 * 86_400), notAfter: now.addingTimeInterval(expiresIn)),
            hasCertificateData: true, keyMatchesCertificate: keyMatches, issuingDirectory: issuer)
    }

    @Test("hosts are lowercased and de-duplicated in order")
    func normalisesHosts() {
        #expect(desired.hosts == ["das.de.de", "k8s.io"])
    }

    @Test("renewal window (the original's cases): expired, 48 h left, 30 days left")
    func renewalWindow() {
        #expect(planner.plan(desired, secret: secret(expiresIn: -60), now: now) == .issue(.expiresSoon(notAfter: now.addingTimeInterval(-60))))
        #expect(planner.plan(desired, secret: secret(expiresIn: 48 * 3600), now: now) == .issue(.expiresSoon(notAfter: now.addingTimeInterval(48 * 3600))))
        #expect(planner.plan(desired, secret: secret(expiresIn: 30 * 86_400), now: now) == .upToDate(recheckAt: now.addingTimeInterval(10 * 86_400)))
    }

    @Test("a certificate living shorter than the minimum validity renews two thirds into its life, not at once")
    func shortLived() {
        let issued = now.addingTimeInterval(-3600)
        let sixDays = SecretFacts(
            type: "kubernetes.io/tls", managedByKubeLego: true,
            certificate: CertificateFacts(names: ["das.de.de", "k8s.io"], notBefore: issued, notAfter: issued.addingTimeInterval(6 * 86_400)),
            hasCertificateData: true, keyMatchesCertificate: true, issuingDirectory: directory)
        #expect(planner.plan(desired, secret: sixDays, now: now) == .upToDate(recheckAt: issued.addingTimeInterval(4 * 86_400)))
        #expect(planner.plan(desired, secret: sixDays, now: issued.addingTimeInterval(4 * 86_400 + 1))
            == .issue(.expiresSoon(notAfter: issued.addingTimeInterval(6 * 86_400))))
    }

    @Test("a valid certificate is never re-ordered, however often the planner runs")
    func idempotent() {
        let facts = secret()
        let first = planner.plan(desired, secret: facts, now: now)
        let again = planner.plan(desired, secret: facts, now: now.addingTimeInterval(3600))
        guard case .upToDate = first, case .upToDate = again else {
            Issue.record("expected up to date, got \(first) and \(again)")
            return
        }
    }

    @Test("missing Secret, empty Secret and unreadable certificate all order")
    func missingData() {
        #expect(planner.plan(desired, secret: nil, now: now) == .issue(.secretMissing))
        let empty = SecretFacts(type: "kubernetes.io/tls", managedByKubeLego: false, certificate: nil, hasCertificateData: false, keyMatchesCertificate: nil, issuingDirectory: nil)
        #expect(planner.plan(desired, secret: empty, now: now) == .issue(.noCertificate))
        let garbage = SecretFacts(type: "kubernetes.io/tls", managedByKubeLego: true, certificate: nil, hasCertificateData: true, keyMatchesCertificate: nil, issuingDirectory: nil)
        #expect(planner.plan(desired, secret: garbage, now: now) == .issue(.unreadableCertificate))
    }

    @Test("a host the certificate lacks orders, naming it; extra names are fine")
    func coverage() {
        #expect(planner.plan(desired, secret: secret(names: ["das.de.de"]), now: now) == .issue(.hostsNotCovered(missing: ["k8s.io"])))
        guard case .upToDate = planner.plan(desired, secret: secret(names: ["das.de.de", "k8s.io", "extra.io"]), now: now) else {
            Issue.record("a superset of names should be up to date")
            return
        }
    }

    @Test("a key that does not match and a change of directory both order")
    func keyAndDirectory() {
        #expect(planner.plan(desired, secret: secret(keyMatches: false), now: now) == .issue(.keyMismatch))
        #expect(planner.plan(desired, secret: secret(issuer: "https://staging.example/dir"), now: now) == .issue(.directoryChanged(from: "https://staging.example/dir", to: directory)))
        guard case .upToDate = planner.plan(desired, secret: secret(issuer: nil), now: now) else {
            Issue.record("a certificate from an older kube-lego (no directory annotation) is kept")
            return
        }
    }

    @Test("refusals: wrong Secret type, someone else's certificate, no or an invalid secretName, no hosts, a bad host")
    func refusals() {
        #expect(planner.plan(desired, secret: secret(type: "Opaque"), now: now) == .refuse(.secretWrongType("Opaque")))
        #expect(planner.plan(desired, secret: secret(managed: false), now: now) == .refuse(.secretNotOurs))
        var unnamed = desired
        unnamed.secretName = ""
        #expect(planner.plan(unnamed, secret: nil, now: now) == .refuse(.noSecretName))
        let noHosts = DesiredCertificate(ingress: desired.ingress, index: 1, secretName: "x", hosts: [])
        #expect(planner.plan(noHosts, secret: nil, now: now) == .refuse(.noHosts))
        var badName = desired
        badName.secretName = "Shop_TLS"
        guard case .refuse(.invalidSecretName("Shop_TLS", _)) = planner.plan(badName, secret: nil, now: now) else {
            Issue.record("an invalid secretName must be refused before anything is ordered")
            return
        }
        let badHost = DesiredCertificate(ingress: desired.ingress, index: 2, secretName: "x", hosts: ["ok.example", "a_b.example"])
        #expect(planner.plan(badHost, secret: nil, now: now) == .refuse(.invalidHost("a_b.example", .underscore("a_b"))))
        #expect(Planner.refusal(of: desired) == nil)
    }
}

@Suite("Secret conflicts across TLS entries")
struct SecretConflictTests {
    func entry(_ namespace: String, _ ingress: String, _ secret: String, _ hosts: [String]) -> DesiredCertificate {
        DesiredCertificate(ingress: ObjectReference(namespace: namespace, name: ingress), index: 0, secretName: secret, hosts: hosts)
    }

    @Test("the original's duplicate-secret case: only the pair with different hosts conflicts")
    func duplicates() {
        let conflicts = SecretConflicts.find(in: [
            entry("ns1", "ing1", "secret1", ["domain1"]),
            entry("ns1", "ing2", "secret2", ["domain2"]),
            entry("ns2", "ing3", "secret1", ["domain3", "domain4"]),
            entry("ns1", "ing4", "secret1", ["domain1", "domain5"]),
        ])
        #expect(conflicts == [
            ObjectReference(namespace: "ns1", name: "secret1"): [
                ObjectReference(namespace: "ns1", name: "ing1"), ObjectReference(namespace: "ns1", name: "ing4"),
            ],
        ])
    }

    @Test("the same hosts in any order share a Secret without conflict")
    func sameHosts() {
        #expect(SecretConflicts.find(in: [entry("a", "x", "s", ["h1", "h2"]), entry("a", "y", "s", ["H2", "h1"])]).isEmpty)
    }
}

@Suite("Ingress class and provider resolution")
struct IngressClassResolutionTests {
    func configuration(_ extra: [String: String] = [:]) throws -> Configuration {
        try Configuration.parse(environment: ["LEGO_EMAIL": "a@b.c", "LEGO_POD_IP": "10.0.0.1"].merging(extra) { $1 }, providers: ["nginx", "gce"]).configuration
    }

    func resolve(_ annotations: [String: String], className: String? = nil, _ config: Configuration) -> IngressClassResolution {
        IngressClassResolution.resolve(annotations: annotations, ingressClassName: className, configuration: config, providerNames: ["nginx", "gce"])
    }

    @Test("annotation first (lowercased), then spec.ingressClassName, then the default class")
    func classOrder() throws {
        let config = try configuration(["LEGO_SUPPORTED_INGRESS_CLASS": "nginx,gce,custom"])
        #expect(resolve(["kubernetes.io/ingress.class": "Nginx"], className: "gce", config).ingressClass == "nginx")
        #expect(resolve([:], className: "GCE", config) == IngressClassResolution(ingressClass: "gce", fromAnnotation: false, provider: "gce"))
        #expect(resolve([:], config).ingressClass == "nginx")
        #expect(resolve(["kubernetes.io/ingress.class": "customlb"], config).isSupported(by: config) == false)
        #expect(resolve(["kubernetes.io/ingress.class": "custom"], config).isSupported(by: config))
    }

    @Test("provider: annotation, else the class when a provider has its name, else the default provider")
    func providerOrder() throws {
        let config = try configuration([
            "LEGO_SUPPORTED_INGRESS_CLASS": "nginx,gce,my-class", "LEGO_DEFAULT_INGRESS_CLASS": "my-class",
            "LEGO_DEFAULT_INGRESS_PROVIDER": "gce",
        ])
        #expect(resolve([:], config).provider == "gce")
        #expect(resolve(["kubernetes.io/ingress.class": "gce"], config).provider == "gce")
        #expect(resolve(["kubernetes.io/ingress.class": "nginx"], config).provider == "nginx")
        #expect(resolve(["kubernetes.io/ingress.class": "my-class"], config).provider == "gce")
        #expect(resolve(["kubernetes.io/ingress.class": "my-class", "kubernetes.io/ingress.provider": "Nginx"], config).provider == "nginx")
    }
}
