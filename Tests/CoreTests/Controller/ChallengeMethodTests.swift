import Foundation
import KubeLegoACME
import KubeLegoCore
import KubeLegoHTTP
import KubeLegoKube
import KubeLegoPebble
import KubeLegoTLS
import Synchronization
import Testing

/// Solvers chosen per TLS entry: a method that needs no route never touches the provider; wildcards never go
/// to HTTP-01; an Ingress naming a method that is not configured gets a Warning Event and no order.
@Suite("Challenge methods chosen per Ingress", .serialized, .timeLimit(.minutes(3)))
struct ChallengeMethodTests {
    static func ingress(_ name: String, hosts: [String], challenge: String?) -> String {
        let annotation = challenge.map { #","kube-lego.io/challenge":"\#($0)""# } ?? ""
        let hostList = hosts.map { "\"\($0)\"" }.joined(separator: ",")
        return #"""
            {"apiVersion":"networking.k8s.io/v1","kind":"Ingress",
             "metadata":{"name":"\#(name)","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true"\#(annotation)}},
             "spec":{"ingressClassName":"nginx","tls":[{"hosts":[\#(hostList)],"secretName":"\#(name)-tls"}]}}
            """#
    }

    @Test("a wildcard certificate through a DNS method chosen by annotation: Pebble validates, no provider call")
    func routeFreeMethod() async throws {
        try await ControllerHarness.run { harness in
            let dns = ChalltestsrvDNS01(managementURL: harness.pebble.dnsManagementURL, http: harness.http)
            try await harness.withController(try harness.configuration(), methods: ["dns-01": dns]) {
                try await harness.createIngress(Self.ingress("wild", hosts: ["*.wild.example", "wild.example"], challenge: "dns-01"))
                let secret = try await harness.waitForSecret("web", "wild-tls")
                let leaf = try CertificateChain(pem: String(decoding: secret.data["tls.crt"] ?? [], as: UTF8.self)).leaf
                #expect(leaf.dnsNames.sorted() == ["*.wild.example", "wild.example"])
                #expect(dns.prepared.withLock { $0 } == ["web/wild"])
                // finish follows the stored Secret: wait for it rather than race it.
                #expect(try await harness.eventually { dns.finished.withLock { $0 } == ["web/wild"] })
            }
            let calls = harness.provider.calls.withLock { $0 }
            #expect(calls.allSatisfy { $0.hasPrefix("reconcile") }, "the provider saw \(calls)")
        }
    }

    @Test("no order for a wildcard without a method that can validate it, nor for an unconfigured method")
    func refusals() async throws {
        try await ControllerHarness.run { harness in
            try await harness.withController(try harness.configuration()) {
                try await harness.createIngress(Self.ingress("star", hosts: ["*.star.example"], challenge: nil))
                let noMethod = try await harness.waitForEvent("web", reason: "NoChallengeMethod")
                #expect(noMethod.message?.contains("*.star.example") == true)
                try await harness.createIngress(Self.ingress("asks", hosts: ["asks.example"], challenge: "dns-01"))
                let unavailable = try await harness.waitForEvent("web", reason: "ChallengeMethodUnavailable")
                #expect(unavailable.message?.contains("dns-01") == true)
                #expect(harness.provider.exposed.isEmpty)
                #expect(harness.acme.requestCount == 0, "no order may reach the CA")
            }
        }
    }

    @Test("the TLS entries of one Ingress are ordered side by side, not one after another")
    func entriesConcurrently() async throws {
        try await ControllerHarness.run { harness in
            let dns = ChalltestsrvDNS01(managementURL: harness.pebble.dnsManagementURL, http: harness.http)
            // Each present waits (up to 20 s) for a second one to start: ordered one after another, none ever
            // overlaps and the largest overlap seen stays 1.
            dns.rendezvous = 2
            try await harness.withController(try harness.configuration(), methods: ["dns-01": dns]) {
                try await harness.createIngress(#"""
                    {"metadata":{"name":"multi","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true","kube-lego.io/challenge":"dns-01"}},
                     "spec":{"tls":[{"hosts":["one.multi.example"],"secretName":"one-tls"},{"hosts":["two.multi.example"],"secretName":"two-tls"},
                                    {"hosts":["three.multi.example"],"secretName":"three-tls"}]}}
                    """#)
                for secret in ["one-tls", "two-tls", "three-tls"] { _ = try await harness.waitForSecret("web", secret) }
            }
            #expect(dns.mostPresentsAtOnce.withLock { $0 } >= 2, "orders of one Ingress ran one after another")
        }
    }
}

/// A DNS-01 method over pebble-challtestsrv's management API: Pebble resolves the TXT records it sets.
final class ChalltestsrvDNS01: ChallengeMethod, ChallengeSolver, Sendable {
    let managementURL: String
    let http: HTTPClient
    let prepared = Mutex<[String]>([])
    let finished = Mutex<[String]>([])
    /// When above 1, each present waits (bounded) until this many presents have started.
    nonisolated(unsafe) var rendezvous = 1
    private let started = Mutex(0)
    private let inPresent = Mutex(0)
    /// The most presents seen running at once.
    let mostPresentsAtOnce = Mutex(0)

    init(managementURL: String, http: HTTPClient) {
        self.managementURL = managementURL
        self.http = http
    }

    var name: String { "dns-01" }
    var challengeType: String { "dns-01" }
    func canValidate(host: String) -> Bool { true }

    func prepare(_ target: ChallengeTarget) async throws -> [any ChallengeSolver] {
        prepared.withLock { $0.append("\(target.routes.ingress)") }
        return [self]
    }

    func finish(_ target: ChallengeTarget) async {
        finished.withLock { $0.append("\(target.routes.ingress)") }
    }

    func present(_ task: ChallengeTask) async throws {
        started.withLock { $0 += 1 }
        let now = inPresent.withLock { $0 += 1; return $0 }
        mostPresentsAtOnce.withLock { $0 = max($0, now) }
        defer { inPresent.withLock { $0 -= 1 } }
        let until = ContinuousClock.now + .seconds(20)
        while started.withLock({ $0 }) < rendezvous, ContinuousClock.now < until {
            try await Task.sleep(for: .milliseconds(20))
            let current = inPresent.withLock { $0 }
            mostPresentsAtOnce.withLock { $0 = max($0, current) }
        }
        let value = Base64URL.encode(Digest.sha256(Array(task.keyAuthorization.utf8)))
        try await post("set-txt", ["host": recordName(task), "value": value])
    }

    func waitUntilReady(_ task: ChallengeTask) async throws {}

    func cleanUp(_ task: ChallengeTask) async {
        try? await post("clear-txt", ["host": recordName(task)])
    }

    private func recordName(_ task: ChallengeTask) -> String {
        let domain = task.identifier.value.hasPrefix("*.") ? String(task.identifier.value.dropFirst(2)) : task.identifier.value
        return "_acme-challenge.\(domain)."
    }

    private func post(_ path: String, _ body: [String: String]) async throws {
        let data = try JSONSerialization.data(withJSONObject: body)
        let response = try await http.execute(HTTPRequest(method: "POST", url: "\(managementURL)/\(path)", body: Array(data)))
        guard response.status == 200 else { throw KubeError(.decoding, "challtestsrv \(path) answered \(response.status)") }
    }
}
