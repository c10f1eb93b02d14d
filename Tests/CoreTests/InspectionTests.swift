import Foundation
import KubeLegoCore
import KubeLegoKube
import Testing

/// The decisions `status` and `plan` print, from a snapshot built by hand: the same rules as the controller.
@Suite("Inspection: one report per served TLS entry")
struct InspectionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func ingress(_ namespace: String, _ name: String, tls: [(String, [String])], rules: [String]? = nil, annotated: Bool = true) throws -> Ingress {
        let entries = tls.map { secret, hosts in #"{"secretName":"\#(secret)","hosts":[\#(hosts.map { "\"\($0)\"" }.joined(separator: ","))]}"# }
        let ruleHosts = rules ?? tls.flatMap(\.1)
        let json = #"""
            {"metadata":{"name":"\#(name)","namespace":"\#(namespace)","annotations":{"kubernetes.io/tls-acme":"\#(annotated)"}},
             "spec":{"ingressClassName":"nginx","tls":[\#(entries.joined(separator: ","))],
                     "rules":[\#(ruleHosts.map { #"{"host":"\#($0)"}"# }.joined(separator: ","))]}}
            """#
        guard case .object(let raw) = try JSONValue(parsing: json) else { throw KubeError(.decoding, "not an object") }
        return Ingress(raw: raw)
    }

    func valid(_ names: Set<String>, directory: String = "https://acme.test/directory") -> SecretFacts {
        SecretFacts(
            type: "kubernetes.io/tls", managedByKubeLego: true,
            certificate: CertificateFacts(names: names, notBefore: now.addingTimeInterval(-30 * 86_400), notAfter: now.addingTimeInterval(60 * 86_400)),
            hasCertificateData: true, keyMatchesCertificate: true, issuingDirectory: directory)
    }

    @Test("states: valid, due, missing, backing off, issuing, refused; unannotated Ingresses are not reported")
    func states() throws {
        let configuration = try testConfiguration()
        let ref = { ObjectReference(namespace: "web", name: $0) }
        let snapshot = ClusterSnapshot(
            ingresses: [
                try ingress("web", "shop", tls: [("ok-tls", ["ok.example"]), ("due-tls", ["due.example", "new.example"])]),
                try ingress("web", "fresh", tls: [("fresh-tls", ["fresh.example"])]),
                try ingress("web", "failing", tls: [("failing-tls", ["failing.example"])]),
                try ingress("web", "busy", tls: [("busy-tls", ["busy.example"])]),
                try ingress("web", "bad", tls: [("bad-tls", ["under_score.example"])], rules: []),
                try ingress("web", "off", tls: [("off-tls", ["off.example"])], annotated: false),
            ],
            secrets: [ref("ok-tls"): valid(["ok.example"]), ref("due-tls"): valid(["due.example"])],
            ledger: [ref("failing-tls"): AttemptRecord(failures: 2, nextAttempt: now.addingTimeInterval(600), lastError: "CA said no")],
            inFlight: [ref("busy-tls")],
            lastWarnings: [SourceKey(.ingress, ref("failing")): "ValidationFailed"])
        let reports = Inspection.reports(snapshot, configuration: configuration, providerNames: ["nginx", "gce"], namespace: nil, now: now)
        let states = Dictionary(uniqueKeysWithValues: reports.map { ($0.secret, $0.state) })
        #expect(states == ["ok-tls": .valid, "due-tls": .renewalDue, "fresh-tls": .missing, "failing-tls": .backingOff,
                           "busy-tls": .issuing, "bad-tls": .refused])
        let byName = Dictionary(uniqueKeysWithValues: reports.map { ($0.secret, $0) })
        #expect(byName["ok-tls"]?.renewsAt == now.addingTimeInterval(30 * 86_400))
        #expect(byName["due-tls"]?.detail == "the certificate does not cover new.example")
        #expect(byName["failing-tls"]?.lastFailure == "CA said no")
        #expect(byName["failing-tls"]?.lastWarning == "ValidationFailed")
        #expect(byName["bad-tls"]?.detail.hasPrefix("InvalidHost:") == true)
        #expect(reports.filter(\.wouldOrder).map(\.secret).sorted() == ["due-tls", "fresh-tls"])
    }

    @Test("a namespace scope reports only that namespace, and host ownership counts every namespace's claims")
    func scopeAndOwnership() throws {
        let configuration = try testConfiguration()
        var holder = try ingress("aaa", "first", tls: [("t", ["shared.example"])])
        holder.raw["metadata"] = .object(holder.raw["metadata"]?.objectValue.map { meta in
            var meta = meta
            meta["creationTimestamp"] = .string("2020-01-01T00:00:00Z")
            return meta
        } ?? [:])
        let snapshot = ClusterSnapshot(ingresses: [holder, try ingress("zzz", "second", tls: [("t", ["shared.example"])])], secrets: [:])
        let reports = Inspection.reports(snapshot, configuration: configuration, providerNames: ["nginx"], namespace: "zzz", now: now)
        #expect(reports.count == 1)
        #expect(reports.first?.state == .refused)
        #expect(reports.first?.detail.contains("held by namespace aaa") == true)
    }
}
