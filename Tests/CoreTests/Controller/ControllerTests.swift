import Foundation
import KubeLegoACME
import Synchronization
import KubeLegoCore
import KubeLegoKube
import KubeLegoPebble
import KubeLegoSandbox
import KubeLegoTLS
import Testing

@Suite("Controller against the sandbox and real Pebble", .serialized, .timeLimit(.minutes(3)))
struct ControllerTests {
    static let twoEntries = #"""
        {"apiVersion":"networking.k8s.io/v1","kind":"Ingress",
         "metadata":{"name":"shop","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true"}},
         "spec":{"ingressClassName":"nginx","tls":[{"hosts":["a.example","b.example"],"secretName":"ab-tls"},
                                                  {"hosts":["c.example"],"secretName":"c-tls"}]}}
        """#

    func leaf(_ secret: Secret) throws -> Certificate {
        try CertificateChain(pem: String(decoding: secret.data["tls.crt"] ?? [], as: UTF8.self)).leaf
    }

    @Test("an annotated Ingress gets one certificate per TLS entry; routes exposed once and withdrawn; Events say so")
    func issuesPerEntry() async throws {
        try await ControllerHarness.run { harness in
            try await harness.withController(try harness.configuration()) {
                try await harness.createIngress(Self.twoEntries)
                let ab = try await harness.waitForSecret("web", "ab-tls")
                let c = try await harness.waitForSecret("web", "c-tls")
                #expect(try leaf(ab).dnsNames.sorted() == ["a.example", "b.example"])
                #expect(try leaf(c).dnsNames == ["c.example"])
                #expect(ab.type == "kubernetes.io/tls")
                #expect(ab.metadata.labels[Markers.managedByLabel] == Markers.managedByValue)
                #expect(ab.metadata.annotations[Markers.issuingDirectoryAnnotation] == harness.pebble.directoryURL)
                let key = try PrivateKey(pem: String(decoding: ab.data["tls.key"] ?? [], as: UTF8.self))
                #expect(key.matches(try leaf(ab)))
                let event = try await harness.waitForEvent("web", reason: "CertificateIssued")
                #expect(event.type == "Normal")
                #expect(harness.provider.exposed == ["expose web/shop a.example,b.example,c.example"])
                // Routes are withdrawn after the last Secret and its Event: wait for it rather than race it.
                #expect(try await harness.eventually { harness.provider.calls.withLock { $0.contains("withdraw web/shop") } })
            }
        }
    }

    @Test("a restarted controller orders nothing for valid certificates; adding a host re-issues that entry only")
    func restartAndHostChange() async throws {
        try await ControllerHarness.run { harness in
            let configuration = try harness.configuration()
            try await harness.withController(configuration) {
                try await harness.createIngress(Self.twoEntries)
                _ = try await harness.waitForSecret("web", "ab-tls")
                _ = try await harness.waitForSecret("web", "c-tls")
            }
            let exposedBefore = harness.provider.exposed.count
            let abBefore = try await harness.kube.get(Secret.self, namespace: "web", name: "ab-tls")
            try await harness.withController(configuration) {
                // No waiting for "nothing happened": the host change below is processed after (or together with)
                // the restart's first look at the Ingress, so once its certificate is stored, anything the restart
                // would have ordered for the valid entry would show in the ab-tls Secret and the provider's calls.
                _ = try await harness.kube.updateWithRetry(Ingress.self, namespace: "web", name: "shop") { ingress in
                    ingress.tls[1].hosts = ["c.example", "d.example"]
                    ingress.rules.append(IngressRule(raw: ["host": "d.example"]))  // a host the namespace routes
                }
                let c = try await harness.waitForSecret("web", "c-tls") { secret in
                    (try? leaf(secret).dnsNames.contains("d.example")) == true
                }
                #expect(try leaf(c).dnsNames.sorted() == ["c.example", "d.example"])
                #expect(harness.provider.exposed.last == "expose web/shop c.example,d.example")
                #expect(harness.provider.exposed.count == exposedBefore + 1, "only the changed entry is routed: \(harness.provider.exposed)")
                let ab = try await harness.kube.get(Secret.self, namespace: "web", name: "ab-tls")
                #expect(ab.metadata.resourceVersion == abBefore.metadata.resourceVersion, "the valid certificate was not ordered again")
            }
        }
    }

    @Test("conflicts are refused with a Warning Event and no order: wrong Secret type, same Secret with other hosts")
    func conflicts() async throws {
        try await ControllerHarness.run { harness in
            var opaque = Secret(name: "taken", namespace: "web")
            opaque.type = "Opaque"
            opaque.data["x"] = Array("y".utf8)
            _ = try await harness.kube.create(opaque)
            // Both Ingresses exist before the controller starts: neither may win the Secret.
            try await harness.createIngress(#"""
                {"metadata":{"name":"one","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true"}},
                 "spec":{"tls":[{"hosts":["x.example"],"secretName":"shared"}]}}
                """#)
            try await harness.createIngress(#"""
                {"metadata":{"name":"two","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true"}},
                 "spec":{"tls":[{"hosts":["y.example"],"secretName":"shared"}]}}
                """#)
            try await harness.withController(try harness.configuration()) {
                try await harness.createIngress(#"""
                    {"metadata":{"name":"wrong-type","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true"}},
                     "spec":{"tls":[{"hosts":["t.example"],"secretName":"taken"}]}}
                    """#)
                let event = try await harness.waitForEvent("web", reason: "SecretWrongType")
                #expect(event.type == "Warning")
                #expect(event.message?.contains("Opaque") == true)
                // The Events come from the very reconcile passes that would otherwise have ordered: once all three
                // exist, every refused entry has been decided on.
                try await harness.waitForEvents("web", reason: "SecretConflict", about: ["one", "two"])
                try await harness.waitForEvents("web", reason: "SecretWrongType", about: ["wrong-type"])
                #expect(harness.provider.exposed.isEmpty, "no order for refused entries")
                #expect(harness.acme.requestCount == 0, "the CA was never asked")
                #expect(try await harness.secretIsAbsent("web", "shared"))
            }
        }
    }

    @Test("a failing host: Warning Event naming it and the CA's reason, durable back-off, nothing for a subset")
    func failureBacksOff() async throws {
        try await ControllerHarness.run(pebbleOptions: { $0.domainBlocklist = ["blocked.example"] }) { harness in
            try await harness.withController(try harness.configuration()) {
                try await harness.createIngress(#"""
                    {"metadata":{"name":"mixed","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true"}},
                     "spec":{"tls":[{"hosts":["fine.example","blocked.example"],"secretName":"mixed-tls"}]}}
                    """#)
                let event = try await harness.waitForEvent("web", reason: "IssuanceFailed")
                #expect(event.type == "Warning")
                #expect(event.message?.contains("blocked.example") == true)
                #expect(event.message?.contains("next attempt") == true)
                #expect(try await harness.secretIsAbsent("web", "mixed-tls"), "never a certificate for a silent subset of the hosts")
                let state = try await harness.kube.get(ConfigMap.self, namespace: "kube-lego", name: "kube-lego-state")
                let record = try #require(state.data["web.mixed-tls"].flatMap { try? JSONValue(parsing: Array($0.utf8)) })
                let nextAttempt = try #require(record["nextAttempt"]?.stringValue.flatMap(KubeTime.parse))
                #expect(nextAttempt.timeIntervalSinceNow > 8 * 60, "the next attempt is the durable back-off away (about 10 min)")
                #expect(harness.provider.exposed.count == 1, "one attempt so far")
            }
        }
    }

    @Test("the enabling annotation turning true is acted on at once (the original waited for the periodic check)")
    func annotationFlip() async throws {
        try await ControllerHarness.run { harness in
            try await harness.withController(try harness.configuration()) {
                try await harness.createIngress(#"""
                    {"metadata":{"name":"late","namespace":"web","annotations":{"kubernetes.io/tls-acme":"false"}},
                     "spec":{"tls":[{"hosts":["late.example"],"secretName":"late-tls"}]}}
                    """#)
                // A later, enabled Ingress is a marker: once its certificate exists, the controller has seen (and
                // passed over) the disabled one, whose watch event came first.
                try await harness.createIngress(#"""
                    {"metadata":{"name":"marker","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true"}},
                     "spec":{"tls":[{"hosts":["marker.example"],"secretName":"marker-tls"}]}}
                    """#)
                _ = try await harness.waitForSecret("web", "marker-tls")
                #expect(harness.provider.exposed == ["expose web/marker marker.example"])
                _ = try await harness.kube.mergePatch(Ingress.self, namespace: "web", name: "late",
                                                      patch: ["metadata": ["annotations": ["kubernetes.io/tls-acme": "true"]]])
                _ = try await harness.waitForSecret("web", "late-tls", timeout: .seconds(15))
            }
        }
    }
}
