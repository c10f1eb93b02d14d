import Foundation
import KubeLegoACME
import KubeLegoCore
import KubeLegoKube
import KubeLegoPebble
import KubeLegoTestKit
import KubeLegoTLS
import Testing

/// Renewal by ACME Renewal Information (RFC 9773) against real Pebble, with the test's `ARIFront` adding the
/// `renewalInfo` that Pebble 2.4 lacks and recording what each newOrder asked to replace.
@Suite("Controller with ARI windows, real Pebble behind an ARI front", .serialized, .timeLimit(.minutes(4)))
struct ARIControllerTests {
    static let renewalMetric = "kube_lego_certificate_renewal_timestamp_seconds"

    func ingress(_ entries: [(host: String, secret: String)]) -> String {
        let tls = entries.map { #"{"hosts":["\#($0.host)"],"secretName":"\#($0.secret)"}"# }.joined(separator: ",")
        return #"""
            {"metadata":{"name":"ari","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true"}},
             "spec":{"tls":[\#(tls)]}}
            """#
    }

    func leaf(_ secret: Secret) throws -> Certificate {
        try CertificateChain(pem: String(decoding: secret.data["tls.crt"] ?? [], as: UTF8.self)).leaf
    }

    /// True once the renewal time recorded for `secret` is `expected` (to the millisecond).
    func renewalRecorded(_ harness: ControllerHarness, _ secret: String, at expected: Date) -> Bool {
        guard let value = harness.metrics.value(Self.renewalMetric, ["namespace": "web", "secret": secret]) else { return false }
        return abs(value - expected.timeIntervalSince1970) < 0.001
    }

    /// A window starting `days` from now, one day long, on whole seconds (as the front's RFC 3339 text carries them).
    func window(inDays days: Double) -> RenewalWindow {
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + days * 86_400).rounded(.down))
        return RenewalWindow(start: start, end: start.addingTimeInterval(86_400))
    }

    @Test("a future window plans the renewal inside it and orders nothing; a window moved into the past renews at once, replacing the old certificate")
    func windows() async throws {
        try await ControllerHarness.run(ari: true) { harness in
            let front = try #require(harness.front)
            let future = window(inDays: 40)
            front.defaultAnswer = .window(start: future.start, end: future.end, retryAfter: 3600)
            let configuration = try harness.configuration()
            var first: Certificate?
            try await harness.withController(configuration) {
                try await harness.createIngress(ingress([("ari.example", "ari-tls")]))
                let issued = try leaf(try await harness.waitForSecret("web", "ari-tls"))
                first = issued
                let moment = future.moment(forSerial: issued.serialNumberHex)
                // The pass after the Secret was stored asks the CA for the window and plans the renewal at the
                // certificate's own point in it (Pebble's certificates live 5 years: the rule alone says 2031).
                #expect(try await harness.eventually(timeout: .seconds(60)) { renewalRecorded(harness, "ari-tls", at: moment) })
                #expect(moment > future.start && moment < future.end)
                #expect(front.newOrders.map(\.replaces) == [nil], "a first issuance replaces nothing")
                #expect(harness.metrics.value("kube_lego_certificate_ready", ["secret": "ari-tls", "condition": "True"]) == 1)
                #expect(harness.metrics.value("kube_lego_certificate_ready", ["secret": "ari-tls", "condition": "False"]) == 0)

                // More passes over the Ingress (a second entry ordered and stored) use the remembered window.
                _ = try await harness.kube.updateWithRetry(Ingress.self, namespace: "web", name: "ari") { ingress in
                    ingress.tls.append(IngressTLS(hosts: ["second.example"], secretName: "second-tls"))
                    ingress.rules.append(IngressRule(raw: ["host": "second.example"]))
                }
                let second = try leaf(try await harness.waitForSecret("web", "second-tls"))
                #expect(try await harness.eventually(timeout: .seconds(60)) {
                    renewalRecorded(harness, "second-tls", at: future.moment(forSerial: second.serialNumberHex))
                })
                let identifier = try ACMEClient.renewalIdentifier(for: issued)
                #expect(front.renewalInfoRequests(for: identifier) == 1, "not asked again before its Retry-After (1 h)")
                #expect(front.newOrders.count == 2)
            }

            // The CA moves the first certificate's window into the past (as for a revocation): a restarted
            // controller renews it at once and names it in `replaces`.
            let old = try #require(first)
            let identifier = try ACMEClient.renewalIdentifier(for: old)
            let past = window(inDays: -2)
            front.setAnswer(.window(start: past.start, end: past.end, retryAfter: 3600), for: identifier)
            try await harness.withController(configuration) {
                let renewed = try leaf(try await harness.waitForSecret("web", "ari-tls", timeout: .seconds(60)) {
                    (try? leaf($0).serialNumberHex) != old.serialNumberHex
                })
                let event = try await harness.waitForEvent("web", reason: "CertificateRenewed")
                #expect(event.message?.contains("renewal information") == true, "\(event.message ?? "")")
                let order = front.newOrders.last { $0.identifiers == ["ari.example"] }
                #expect(order?.replaces == identifier)
                // The new certificate's own window is the future one: no re-order loop.
                #expect(try await harness.eventually(timeout: .seconds(60)) {
                    renewalRecorded(harness, "ari-tls", at: future.moment(forSerial: renewed.serialNumberHex))
                })
                #expect(front.newOrders.count == 3, "\(front.newOrders)")
                #expect(harness.metrics.value("kube_lego_issuance_total", ["outcome": "renewed"]) == 1)
            }
        }
    }

    @Test("a CA answering alreadyReplaced to replaces: the renewal is ordered again without it, not failed")
    func alreadyReplaced() async throws {
        try await ControllerHarness.run(ari: true) { harness in
            let front = try #require(harness.front)
            let future = window(inDays: 40)
            front.defaultAnswer = .window(start: future.start, end: future.end, retryAfter: 3600)
            let configuration = try harness.configuration()
            var first: Certificate?
            try await harness.withController(configuration) {
                try await harness.createIngress(ingress([("again.example", "again-tls")]))
                first = try leaf(try await harness.waitForSecret("web", "again-tls"))
            }
            let old = try #require(first)
            let identifier = try ACMEClient.renewalIdentifier(for: old)
            let past = window(inDays: -2)
            front.setAnswer(.window(start: past.start, end: past.end, retryAfter: 3600), for: identifier)
            front.rejectsReplaces = true
            try await harness.withController(configuration) {
                _ = try await harness.waitForSecret("web", "again-tls", timeout: .seconds(60)) {
                    (try? leaf($0).serialNumberHex) != old.serialNumberHex
                }
                #expect(front.newOrders.map(\.replaces) == [nil, identifier, nil], "\(front.newOrders)")
                _ = try await harness.waitForEvent("web", reason: "CertificateRenewed")
                #expect(try await harness.kube.list(Event.self, namespace: "web").items.allSatisfy { $0.type != "Warning" })
            }
        }
    }

    @Test("renewalInfo failing (HTTP 500): the minimum-validity rule renews, silently, and still names the replaced certificate")
    func caErrorFallsBack() async throws {
        try await ControllerHarness.run(pebbleOptions: { $0.certificateValidityPeriod = 30 }, ari: true) { harness in
            let front = try #require(harness.front)
            front.defaultAnswer = .failure(status: 500)
            try await harness.withController(try harness.configuration()) {
                try await harness.createIngress(ingress([("fallback.example", "fallback-tls")]))
                let first = try leaf(try await harness.waitForSecret("web", "fallback-tls"))
                let identifier = try ACMEClient.renewalIdentifier(for: first)
                // 29 s of validity: the rule renews a third of it before the end, about 20 s from now.
                let renewed = try leaf(try await harness.waitForSecret("web", "fallback-tls", timeout: .seconds(90)) {
                    (try? leaf($0).serialNumberHex) != first.serialNumberHex
                })
                #expect(renewed.notAfter > first.notAfter)
                #expect(front.renewalInfoRequests(for: identifier) >= 1, "the CA was asked")
                let event = try await harness.waitForEvent("web", reason: "CertificateRenewed")
                #expect(event.message?.contains("expires at") == true, "the rule's reason: \(event.message ?? "")")
                #expect(front.newOrders.first { $0.replaces == identifier } != nil, "\(front.newOrders)")
                #expect(try await harness.kube.list(Event.self, namespace: "web").items.allSatisfy { $0.type != "Warning" },
                        "a CA without a working renewalInfo is not a problem to report")
            }
        }
    }

    @Test("a directory without renewalInfo (Pebble 2.4 alone): the renewal time is the minimum-validity rule's")
    func noRenewalInfo() async throws {
        try await ControllerHarness.run { harness in
            try await harness.withController(try harness.configuration()) {
                try await harness.createIngress(ingress([("plain.example", "plain-tls")]))
                let issued = try leaf(try await harness.waitForSecret("web", "plain-tls"))
                // LEGO_MINIMUM_VALIDITY is 30 days; Pebble's certificates live 5 years.
                let rule = issued.notAfter.addingTimeInterval(-30 * 86_400)
                #expect(try await harness.eventually { renewalRecorded(harness, "plain-tls", at: rule) })
                #expect(harness.metrics.value("kube_lego_certificate_ready", ["secret": "plain-tls", "condition": "True"]) == 1)
                #expect(try await harness.acme.directory().renewalInfo == nil)
            }
        }
    }
}
