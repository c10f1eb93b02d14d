import Foundation
import KubeLegoACME
import KubeLegoCore
import KubeLegoDNS
import KubeLegoKube
import KubeLegoPebble
import KubeLegoTestKit
import KubeLegoTLS
import Logging
import Synchronization
import Testing

/// The controller with the stock DNS-01 method against a real BIND 9 (RFC 2136 + TSIG) and a Pebble that
/// resolves through it: wildcard certificates from Ingress annotations, no provider call, records removed, and a
/// wrong key reported on the Ingress with no validation asked of the CA.
@Suite("DNS-01 in the controller, through BIND and Pebble", .serialized, .timeLimit(.minutes(4)))
struct DNS01ControllerTests {
    static func ingress(_ name: String, hosts: [String], annotated: Bool) -> String {
        ChallengeMethodTests.ingress(name, hosts: hosts, challenge: annotated ? "dns-01" : nil)
    }

    /// Runs `body` with BIND, a harness whose Pebble resolves through it, and the DNS-01 method signed with
    /// BIND's key (or `secret`).
    func withDNS(
        secret: String? = nil, _ body: (ControllerHarness, BINDServer, DNS01Method) async throws -> Void
    ) async throws {
        let bind = try await BINDServer.start()
        defer { bind.stop() }
        try await ControllerHarness.run(pebbleOptions: { $0.dnsServer = bind.address }) { harness in
            let settings = SettingValues(environment: [
                "LEGO_DNS01_NAMESERVER": bind.address, "LEGO_DNS01_TSIG_KEY_NAME": bind.key.name,
                "LEGO_DNS01_TSIG_SECRET": secret ?? bind.key.secret, "LEGO_DNS01_PROPAGATION_TIMEOUT": "60s",
            ], declared: DNS01Method.declarations)
            let method = try #require(try DNS01Method.make(settings: settings, logger: quietLogger))
            try await body(harness, bind, method)
        }
    }

    /// The TXT values BIND holds for `name` (asked with dig, outside the code under test).
    static func txtValues(_ name: String, bind: BINDServer) async throws -> [String] {
        let (status, output) = try await runCommand("/usr/bin/dig", ["@127.0.0.1", "-p", "\(bind.port)", "+short", "TXT", name])
        #expect(status == 0, "dig failed: \(output)")
        return output.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// The first Warning Event in `namespace` (whatever its reason, so a wrong one is reported as such).
    static func firstWarning(_ namespace: String, harness: ControllerHarness) async throws -> Event {
        var found: Event?
        let seen = try await harness.eventually(timeout: .seconds(120)) {
            found = try await harness.kube.list(Event.self, namespace: namespace).items.first { $0.type == "Warning" }
            return found != nil
        }
        guard seen, let found else { throw KubeError(.notFound, "no Warning Event in \(namespace)") }
        return found
    }

    @Test("an Ingress annotated dns-01 gets one certificate for *.wild.example.test and wild.example.test; no route, no record left")
    func wildcardByAnnotation() async throws {
        try await withDNS { harness, bind, method in
            try await harness.withController(try harness.configuration(), methods: [DNS01Method.name: method]) {
                try await harness.createIngress(Self.ingress("wild", hosts: ["*.wild.example.test", "wild.example.test"], annotated: true))
                let secret = try await harness.waitForSecret("web", "wild-tls", timeout: .seconds(120))
                let leaf = try CertificateChain(pem: String(decoding: secret.data["tls.crt"] ?? [], as: UTF8.self)).leaf
                #expect(leaf.dnsNames.sorted() == ["*.wild.example.test", "wild.example.test"])
            }
            #expect(harness.provider.exposed.isEmpty, "DNS-01 must not route: \(harness.provider.calls.withLock { $0 })")
            #expect(try await Self.txtValues("_acme-challenge.wild.example.test", bind: bind) == [])
        }
    }

    @Test("a Gateway annotated dns-01 gets its wildcard listener's certificate the same way; no route written")
    func gatewayWildcard() async throws {
        try await withDNS { harness, bind, method in
            let configuration = try harness.configuration(["LEGO_GATEWAY_CLASSES": "edge"])
            try await harness.withController(configuration, methods: [DNS01Method.name: method]) {
                let gateway = #"""
                    {"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway",
                     "metadata":{"name":"edge","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true","kube-lego.io/challenge":"dns-01"}},
                     "spec":{"gatewayClassName":"edge","listeners":[
                       {"name":"wild","protocol":"HTTPS","port":443,"hostname":"*.gw.example.test","tls":{"certificateRefs":[{"name":"gw-tls"}]}},
                       {"name":"apex","protocol":"HTTPS","port":443,"hostname":"gw.example.test","tls":{"certificateRefs":[{"name":"gw-tls"}]}}]}}
                    """#
                guard case .object(let raw) = try JSONValue(parsing: gateway) else { throw KubeError(.decoding, "not an object") }
                _ = try await harness.kube.create(Gateway(raw: raw))
                let secret = try await harness.waitForSecret("web", "gw-tls", timeout: .seconds(120))
                let leaf = try CertificateChain(pem: String(decoding: secret.data["tls.crt"] ?? [], as: UTF8.self)).leaf
                #expect(leaf.dnsNames.sorted() == ["*.gw.example.test", "gw.example.test"])
            }
            #expect(harness.provider.exposed.isEmpty, "DNS-01 must not route: \(harness.provider.calls.withLock { $0 })")
            #expect(try await Self.txtValues("_acme-challenge.gw.example.test", bind: bind) == [])
        }
    }

    @Test("LEGO_DEFAULT_CHALLENGE=dns-01 serves an Ingress that names no method")
    func defaultMethod() async throws {
        try await withDNS { harness, _, method in
            let configuration = try harness.configuration(["LEGO_DEFAULT_CHALLENGE": "dns-01"])
            try await harness.withController(configuration, methods: [DNS01Method.name: method]) {
                try await harness.createIngress(Self.ingress("plain", hosts: ["plain.example.test"], annotated: false))
                let secret = try await harness.waitForSecret("web", "plain-tls", timeout: .seconds(120))
                let leaf = try CertificateChain(pem: String(decoding: secret.data["tls.crt"] ?? [], as: UTF8.self)).leaf
                #expect(leaf.dnsNames == ["plain.example.test"])
            }
            #expect(harness.provider.exposed.isEmpty)
        }
    }

    @Test("a key BIND does not know: a Warning Event naming the server and BADSIG, no Secret, no validation asked")
    func wrongKey() async throws {
        try await withDNS(secret: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=") { harness, bind, method in
            try await harness.withController(try harness.configuration(), methods: [DNS01Method.name: method]) {
                try await harness.createIngress(Self.ingress("badkey", hosts: ["badkey.example.test"], annotated: true))
                let event = try await Self.firstWarning("web", harness: harness)
                let message = event.message ?? ""
                #expect(event.reason == "DNSRecordFailed", "\(event.reason ?? "-"): \(message)")
                #expect(message.contains("BADSIG") && message.contains(bind.address), "\(message)")
                #expect(message.contains("badkey.example.test"), "\(message)")
            }
            #expect(try await harness.secretIsAbsent("web", "badkey-tls"))
            let pebbleLog = (try? String(contentsOf: harness.pebble.pebbleLogFile, encoding: .utf8)) ?? ""
            #expect(!pebbleLog.contains("Pulled a task from the Tasks queue"), "Pebble was asked to validate")
        }
    }

    @Test("the method is offered only with a name server, and a bad setting is an invalid-setting error naming it")
    func settings() throws {
        #expect(try DNS01Method.make(settings: SettingValues(environment: [:]), logger: quietLogger) == nil)
        let declared = Set(DNS01Method.declarations.map(\.variable))
        #expect(declared.isSuperset(of: ["LEGO_DNS01_NAMESERVER", "LEGO_DNS01_TSIG_SECRET", "LEGO_DNS01_PROPAGATION_TIMEOUT"]))
        #expect(DNS01Method.declarations.first { $0.variable == "LEGO_DNS01_TSIG_SECRET" }?.isSecret == true)
        let bad = SettingValues(environment: ["LEGO_DNS01_NAMESERVER": "127.0.0.1:53", "LEGO_DNS01_TSIG_ALGORITHM": "md5"])
        let error = #expect(throws: CoreError.self) { try DNS01Method.make(settings: bad, logger: quietLogger) }
        #expect(error?.code == .invalidSetting)
        #expect(error?.description.contains("LEGO_DNS01_TSIG_ALGORITHM") == true)
        let secret = "c2VjcmV0LXZhbHVlLW5vdC10by1wcmludA=="
        let leaky = SettingValues(environment: ["LEGO_DNS01_NAMESERVER": "127.0.0.1:53", "LEGO_DNS01_TSIG_SECRET": secret])
        let missingName = #expect(throws: CoreError.self) { try DNS01Method.make(settings: leaky, logger: quietLogger) }
        #expect(missingName?.description.contains(secret) == false)
    }
}
