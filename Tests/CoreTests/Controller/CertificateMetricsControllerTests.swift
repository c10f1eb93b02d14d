import Foundation
import KubeLegoCore
import KubeLegoKube
import KubeLegoPebble
import KubeLegoTestKit
import Testing

/// The per-Secret series (`kube_lego_certificate_*{namespace,secret}`) as the registry serves them, through the
/// life of the Ingresses that name the Secrets.
@Suite("Controller metrics per Secret, against the sandbox and real Pebble", .serialized, .timeLimit(.minutes(3)))
struct CertificateMetricsControllerTests {
    func series(_ harness: ControllerHarness, _ secret: String) -> [PrometheusText.Sample] {
        harness.metrics.samples.filter { $0.labels["namespace"] == "web" && $0.labels["secret"] == secret }
    }

    func ready(_ harness: ControllerHarness, _ secret: String) -> Bool? {
        let metrics = harness.metrics
        guard let yes = metrics.value("kube_lego_certificate_ready", ["namespace": "web", "secret": secret, "condition": "True"]),
              let no = metrics.value("kube_lego_certificate_ready", ["namespace": "web", "secret": secret, "condition": "False"])
        else { return nil }
        #expect(yes + no == 1, "exactly one condition is current for \(secret)")
        return yes == 1
    }

    @Test("ready for issued certificates, not for refused or failing ones; the series go when the TLS entry, the annotation or the Ingress goes")
    func seriesFollowTheIngresses() async throws {
        try await ControllerHarness.run(pebbleOptions: { $0.domainBlocklist = ["blocked.example"] }) { harness in
            var opaque = Secret(name: "taken", namespace: "web")
            opaque.type = "Opaque"
            opaque.data["x"] = Array("y".utf8)
            _ = try await harness.kube.create(opaque)
            try await harness.withController(try harness.configuration()) {
                try await harness.createIngress(#"""
                    {"metadata":{"name":"shop","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true"}},
                     "spec":{"tls":[{"hosts":["a.example"],"secretName":"a-tls"},{"hosts":["b.example"],"secretName":"b-tls"}]}}
                    """#)
                try await harness.createIngress(#"""
                    {"metadata":{"name":"other","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true"}},
                     "spec":{"tls":[{"hosts":["o.example"],"secretName":"o-tls"},{"hosts":["t.example"],"secretName":"taken"}]}}
                    """#)
                try await harness.createIngress(#"""
                    {"metadata":{"name":"bad","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true"}},
                     "spec":{"tls":[{"hosts":["blocked.example"],"secretName":"bad-tls"}]}}
                    """#)
                for secret in ["a-tls", "b-tls", "o-tls"] {
                    #expect(try await harness.eventually(timeout: .seconds(60)) { ready(harness, secret) == true }, "\(secret) ready")
                }
                #expect(try await harness.eventually { ready(harness, "taken") == false }, "a refused entry is not ready")
                _ = try await harness.waitForEvent("web", reason: "IssuanceFailed")
                #expect(try await harness.eventually { ready(harness, "bad-tls") == false }, "a failing issuance is not ready")
                #expect(series(harness, "bad-tls").allSatisfy { $0.name == "kube_lego_certificate_ready" }, "no certificate, no times")
                let names = Set(series(harness, "a-tls").map(\.name))
                #expect(names == ["kube_lego_certificate_not_after_seconds", "kube_lego_certificate_renewal_timestamp_seconds",
                                  "kube_lego_certificate_ready"])

                // A TLS entry removed: its Secret's series go, the other entry's stay.
                _ = try await harness.kube.updateWithRetry(Ingress.self, namespace: "web", name: "shop") { $0.tls.removeLast() }
                #expect(try await harness.eventually { series(harness, "b-tls").isEmpty }, "\(series(harness, "b-tls"))")
                #expect(ready(harness, "a-tls") == true)

                // The annotation turned off: the Ingress is no longer served.
                _ = try await harness.kube.mergePatch(Ingress.self, namespace: "web", name: "shop",
                                                      patch: ["metadata": ["annotations": ["kubernetes.io/tls-acme": "false"]]])
                #expect(try await harness.eventually { series(harness, "a-tls").isEmpty }, "\(series(harness, "a-tls"))")

                // The Ingress deleted.
                try await harness.kube.delete(Ingress.self, namespace: "web", name: "other")
                #expect(try await harness.eventually { series(harness, "o-tls").isEmpty && series(harness, "taken").isEmpty })
                #expect(try await harness.secretIsAbsent("web", "o-tls") == false, "the Secret itself stays")
            }
        }
    }
}
