import Foundation
@testable import KubeLegoCore
import KubeLegoKube
import KubeLegoSandbox
import KubeLegoTLS
import Testing

/// The structures that make a pass linear and a certificate cheap in requests (issue 16) decide exactly as the
/// plain computations they replace.
@Suite("Scale structures: source index, Secret facts, group-committed journal")
struct ScaleStructuresTests {
    /// A small deterministic generator (so a failure can be replayed).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test("Secret conflicts and host ownership from the index equal those computed from every object")
    func indexMatchesFullComputation() {
        var random = Generator(state: 16)
        let hosts = ["a.example", "b.example", "*.example", "c.other", "*.other", "d.example"]
        for _ in 0..<200 {
            let index = SourceIndex()
            var entries: [SourceKey: [DesiredCertificate]] = [:]
            var claims: [SourceKey: [HostClaim]] = [:]
            for number in 0..<(1 + random.next(8)) {
                let reference = ObjectReference(namespace: ["web", "shop"][random.next(2)], name: "i\(number)")
                let key = SourceKey(random.next(4) == 0 ? .gateway : .ingress, reference)
                let certificates = (0..<random.next(3)).map { position in
                    DesiredCertificate(
                        ingress: reference, index: position, secretName: ["s1", "s2", ""][random.next(3)],
                        hosts: (0..<random.next(3)).map { _ in hosts[random.next(hosts.count)] }, kind: key.kind)
                }
                let created = Date(timeIntervalSince1970: Double(random.next(3)))
                let claimed = Set((0..<random.next(3)).map { _ in hosts[random.next(hosts.count)] }).sorted()
                    .map { HostClaim(ingress: reference, host: $0, created: created) }
                entries[key] = certificates
                claims[key] = claimed
                index.update(key, entries: certificates, claims: claimed)
            }
            // A later event for one object replaces what the index held for it.
            if let (key, _) = entries.first {
                entries[key] = []
                index.update(key, entries: [], claims: claims[key] ?? [])
            }
            let all = entries.values.flatMap { $0 }
            let expected = SecretConflicts.find(in: all)
            for (key, certificates) in entries {
                for secret in Set(certificates.map(\.secret)) {
                    let fromIndex = SecretConflicts.find(in: index.entries(naming: secret, replacing: key, with: certificates))[secret]
                    #expect(fromIndex == expected[secret])
                }
            }
            let allClaims = claims.values.flatMap { $0 }
            for host in hosts where !host.hasPrefix("*.") {
                for namespace in ["web", "shop"] {
                    let full = HostOwnership.refusal(host: host, namespace: namespace, claims: allClaims)
                    let someKey = claims.keys.first ?? SourceKey(.ingress, ObjectReference(namespace: "x", name: "y"))
                    let indexed = index.claims(for: host, excluding: someKey) + (claims[someKey] ?? [])
                    #expect(HostOwnership.refusal(host: host, namespace: namespace, claims: indexed) == full)
                }
            }
        }
    }

    @Test("Secret facts answer only for the cached version, and not before the cache has seen our own write")
    func secretFactsFollowVersions() throws {
        let facts = ManagedSecretFacts(annotationKey: "kubernetes.io/tls-acme")
        var secret = Secret(name: "a-tls", namespace: "web")
        secret.type = "kubernetes.io/tls"
        secret.metadata.labels[Markers.managedByLabel] = Markers.managedByValue
        secret.metadata.resourceVersion = "5"
        secret.data["tls.crt"] = Array("not a certificate".utf8)
        let reference = ObjectReference(namespace: "web", name: "a-tls")
        let cached = facts.derive(secret)
        #expect(cached.raw["data"] == nil)
        #expect(cached.metadata.resourceVersion == "5")
        let now = Date()
        let inspected = try #require(facts.inspected(reference, cached: cached, now: now))
        #expect(inspected.facts.managedByKubeLego && inspected.facts.hasCertificateData && inspected.facts.certificate == nil)
        var newer = cached
        newer.metadata.resourceVersion = "6"
        #expect(facts.inspected(reference, cached: newer, now: now) == nil, "facts of another version")
        facts.expect(reference, resourceVersion: "7", now: now)
        #expect(facts.inspected(reference, cached: cached, now: now) == nil, "our write is not cached yet")
        #expect(facts.inspected(reference, cached: cached, now: now.addingTimeInterval(61)) != nil, "the expectation lapses")
        facts.forget(cached)
        #expect(facts.inspected(reference, cached: cached, now: now) == nil)
    }

    @Test("concurrent journal changes share writes, and a change made meanwhile by someone else is kept")
    func journalGroupCommit() async throws {
        try await withSandbox { server, kube in
            let journal = OrderJournal(kube: kube, namespace: "kube-lego", logger: quietLogger, soleWriter: true)
            let keyPEM = try PrivateKey.generate(.ec256).pemTraditional()
            func entry(_ number: Int) -> OrderJournalEntry {
                OrderJournalEntry(
                    secret: ObjectReference(namespace: "web", name: "s\(number)-tls"), hosts: ["s\(number).example"], orderURL: nil, keyPEM: keyPEM)
            }
            try await journal.record(entry(0))
            // Someone else adds a key behind the cached copy's back: the next write meets a conflict and keeps it.
            var stored = try await kube.get(Secret.self, namespace: "kube-lego", name: OrderJournal.secretName)
            stored.data["foreign"] = Array("kept".utf8)
            _ = try await kube.replace(stored)
            let before = server.requestCountsByKind.filter { $0.key.resource == "secrets" && $0.key.verb == "update" }.values.reduce(0, +)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for number in 1...20 { group.addTask { try await journal.record(entry(number)) } }
                try await group.waitForAll()
            }
            let writes = server.requestCountsByKind.filter { $0.key.resource == "secrets" && $0.key.verb == "update" }.values.reduce(0, +) - before
            #expect(writes < 20, "20 concurrent records took \(writes) writes")
            for number in 0...20 { #expect(try await journal.entry(for: entry(number).secret) == entry(number)) }
            stored = try await kube.get(Secret.self, namespace: "kube-lego", name: OrderJournal.secretName)
            #expect(stored.data["foreign"] == Array("kept".utf8))
            #expect(stored.data.keys.count == 22)
            // A removal is written before it returns, beside the other entries.
            await journal.removeStored(entry(1).secret)
            #expect(try await journal.entry(for: entry(1).secret) == nil)
            try await journal.record(entry(21))
            stored = try await kube.get(Secret.self, namespace: "kube-lego", name: OrderJournal.secretName)
            #expect(stored.data["web.s1-tls"] == nil)
            #expect(stored.data["web.s21-tls"] != nil)
        }
    }
}
