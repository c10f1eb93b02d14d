import Foundation
import KubeLegoCore
import KubeLegoKube
import Testing

/// Bad TLS entries and hosts claimed across namespaces, against the sandbox and real Pebble: each refusal is a
/// Warning Event naming the host (or Secret name) and the rule, nothing reaches the provider or the CA, and the
/// good entries beside them are issued in the same pass.
@Suite("Host validation and ownership in the controller", .serialized, .timeLimit(.minutes(3)))
struct HostPolicyControllerTests {
    static func ingress(_ namespace: String, _ name: String, tls: String, rules: [String]) -> String {
        let ruleList = rules.map { #"{"host":"\#($0)"}"# }.joined(separator: ",")
        return #"""
            {"metadata":{"name":"\#(name)","namespace":"\#(namespace)","annotations":{"kubernetes.io/tls-acme":"true"}},
             "spec":{"tls":[\#(tls)],"rules":[\#(ruleList)]}}
            """#
    }

    func messages(_ harness: ControllerHarness, _ namespace: String, reason: String) async throws -> [String] {
        try await harness.kube.list(Event.self, namespace: namespace).items.filter { $0.reason == reason }.compactMap(\.message)
    }

    @Test("each bad entry gets its Event and no order; the good entries of the same Ingress and a neighbour are issued")
    func badEntries() async throws {
        try await ControllerHarness.run { harness in
            try await harness.withController(try harness.configuration()) {
                try await harness.createIngress(Self.ingress("web", "mixed", tls: """
                    {"hosts":["Good.Example."],"secretName":"good-tls"},
                    {"hosts":["192.0.2.7"],"secretName":"ip-tls"},
                    {"hosts":["under_score.example"],"secretName":"underscore-tls"},
                    {"hosts":["b\u{fc}cher.example"],"secretName":"idn-tls"},
                    {"hosts":["\(String(repeating: "a", count: 64)).example"],"secretName":"long-tls"},
                    {"secretName":"no-hosts-tls"},
                    {"hosts":["named.example"],"secretName":"Bad_Secret"}
                    """, rules: ["good.example", "named.example"]))
                try await harness.createIngress(Self.ingress("web", "neighbour", tls: #"{"hosts":["fine.example"],"secretName":"fine-tls"}"#,
                                                             rules: ["fine.example"]))
                _ = try await harness.waitForSecret("web", "good-tls")
                _ = try await harness.waitForSecret("web", "fine-tls")
                try await harness.waitForEvents("web", reason: "NoHosts", about: ["mixed"])
                try await harness.waitForEvents("web", reason: "InvalidSecretName", about: ["mixed"])
                #expect(try await harness.eventually { try await messages(harness, "web", reason: "InvalidHost").count == 4 })
                let invalid = try await messages(harness, "web", reason: "InvalidHost").joined(separator: "\n")
                for expected in ["\"192.0.2.7\"", "IP address", "\"under_score.example\"", "underscore", "non-ASCII", "63 characters",
                                 "spec.tls[1]", "spec.tls[4]"] {
                    #expect(invalid.contains(expected), "InvalidHost Events lack \(expected): \(invalid)")
                }
                let badName = try await messages(harness, "web", reason: "InvalidSecretName").joined()
                #expect(badName.contains("\"Bad_Secret\"") && badName.contains("RFC 1123"))
                #expect(harness.provider.exposed.sorted() == ["expose web/mixed good.example", "expose web/neighbour fine.example"])
                for secret in ["ip-tls", "underscore-tls", "idn-tls", "long-tls", "no-hosts-tls"] {
                    #expect(try await harness.secretIsAbsent("web", secret))
                }
            }
        }
    }

    @Test("two namespaces route one host: the older holds it, the other is told who does; an unrouted host is refused")
    func ownership() async throws {
        try await ControllerHarness.run { harness in
            let holder = try await harness.createIngress(Self.ingress("web", "first", tls: #"{"hosts":["shared.example"],"secretName":"shared-tls"}"#,
                                                                      rules: ["shared.example"]))
            // Creation timestamps have whole seconds: the claimant must be visibly younger, or the tie-break by
            // namespace name ("default" < "web") would decide instead.
            let created = try #require(holder.metadata.creationTimestamp.flatMap(KubeTime.parse))
            #expect(try await harness.eventually { Date().timeIntervalSince(created) >= 1.5 })
            try await harness.createIngress(Self.ingress("default", "second", tls: #"{"hosts":["shared.example"],"secretName":"shared-tls"}"#,
                                                         rules: ["shared.example"]))
            try await harness.createIngress(Self.ingress("default", "unrouted", tls: #"{"hosts":["nobody.example"],"secretName":"nobody-tls"}"#,
                                                         rules: []))
            try await harness.withController(try harness.configuration()) {
                _ = try await harness.waitForSecret("web", "shared-tls")
                try await harness.waitForEvents("default", reason: "HostHeldElsewhere", about: ["second"])
                try await harness.waitForEvents("default", reason: "HostNotRouted", about: ["unrouted"])
                let held = try await messages(harness, "default", reason: "HostHeldElsewhere").joined()
                #expect(held.contains("namespace web") && held.contains("web/first"), "\(held)")
                #expect(harness.provider.exposed == ["expose web/first shared.example"])
                #expect(try await harness.secretIsAbsent("default", "shared-tls"))
                #expect(try await harness.secretIsAbsent("default", "nobody-tls"))
            }
        }
    }

    @Test("LEGO_HOST_POLICY=any keeps the original's behaviour: every namespace gets the host it names")
    func permissive() async throws {
        try await ControllerHarness.run { harness in
            try await harness.createIngress(Self.ingress("web", "first", tls: #"{"hosts":["shared.example"],"secretName":"shared-tls"}"#,
                                                         rules: ["shared.example"]))
            try await harness.createIngress(Self.ingress("default", "unrouted", tls: #"{"hosts":["shared.example"],"secretName":"shared-tls"}"#,
                                                         rules: []))
            try await harness.withController(try harness.configuration(["LEGO_HOST_POLICY": "any"])) {
                _ = try await harness.waitForSecret("web", "shared-tls")
                _ = try await harness.waitForSecret("default", "shared-tls")
            }
        }
    }
}
