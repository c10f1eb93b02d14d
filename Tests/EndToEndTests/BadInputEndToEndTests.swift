import Foundation
import KubeLegoKube
import KubeLegoSandbox
import KubeLegoTLS
import Testing

/// The bad-input corpus: one Ingress per kind of bad TLS entry (and Secret, and tenant) beside good Ingresses in
/// the same namespace, all present before the binary starts, against the sandbox, nginx and real Pebble. Each bad
/// case gets its Warning Event; the good ones are issued in the same run; the CA sees orders only for those.
@Suite("End to end: bad input costs no order", .serialized, .timeLimit(.minutes(5)))
struct BadInputEndToEndTests {
    /// An annotated Ingress; `rules` are its routed hosts (kube-apiserver validates those, never TLS hosts).
    static func ingress(_ namespace: String, _ name: String, hosts: [String]?, secret: String, rules: [String]) -> String {
        let hostLine = hosts.map { "    hosts: [\($0.map { "\"\($0)\"" }.joined(separator: ", "))]\n" } ?? ""
        let ruleLines = rules.isEmpty ? "" : "  rules:\n" + rules.map { "  - host: \"\($0)\"\n" }.joined()
        return """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: \(name)
              namespace: \(namespace)
              annotations:
                kubernetes.io/tls-acme: "true"
            spec:
              ingressClassName: nginx
              tls:
              - secretName: \(secret)
            \(hostLine)\(ruleLines)
            """
    }

    /// A bad case: the Ingress and the Event reason it must get.
    struct BadCase {
        let name: String
        let reason: String
        let manifest: String
        init(_ name: String, _ reason: String, hosts: [String]?, secret: String? = nil, rules: [String] = []) {
            self.name = name
            self.reason = reason
            self.manifest = BadInputEndToEndTests.ingress("default", name, hosts: hosts, secret: secret ?? "\(name)-tls", rules: rules)
        }
    }

    static let badCases = [
        BadCase("wildcard", "NoChallengeMethod", hosts: ["*.wild.example.com"], rules: ["*.wild.example.com"]),
        BadCase("ip", "InvalidHost", hosts: ["192.0.2.7"]),
        BadCase("long-label", "InvalidHost", hosts: [String(repeating: "l", count: 64) + ".example.com"]),
        BadCase("underscore", "InvalidHost", hosts: ["under_score.example.com"]),
        BadCase("non-ascii", "InvalidHost", hosts: ["b\u{fc}cher.example.com"]),
        BadCase("bad-secret-name", "InvalidSecretName", hosts: ["badname.example.com"], secret: "Bad_Secret",
                rules: ["badname.example.com"]),
        BadCase("no-hosts", "NoHosts", hosts: nil),
        BadCase("wrong-type", "SecretWrongType", hosts: ["taken.example.com"], secret: "taken", rules: ["taken.example.com"]),
        BadCase("unrouted", "HostNotRouted", hosts: ["orphan.example.com"]),
    ]

    static let namespaces = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: alpha}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: beta}
        """

    /// An Opaque Secret where a TLS entry points (refused), and a managed TLS Secret holding garbage (re-issued).
    static let secrets = """
        apiVersion: v1
        kind: Secret
        metadata: {name: taken, namespace: default}
        type: Opaque
        data: {x: eQ==}
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: garbage-tls
          namespace: default
          labels: {app.kubernetes.io/managed-by: kube-lego}
        type: kubernetes.io/tls
        data: {tls.crt: bm90IGEgY2VydGlmaWNhdGU=, tls.key: bm90IGEga2V5}
        """

    @Test("every bad case gets its Event, the good ones their certificates, and the CA exactly the good orders")
    func corpus() async throws {
        var options = SandboxClusterOptions()
        options.manifests = [Self.namespaces, Self.secrets] + Self.badCases.map(\.manifest) + [
            Self.ingress("default", "good", hosts: ["good.example.com"], secret: "good-tls", rules: ["good.example.com"]),
            Self.ingress("default", "trailing-dot", hosts: ["Dot.Example.com."], secret: "dot-tls", rules: ["dot.example.com"]),
            Self.ingress("default", "garbage", hosts: ["garbage.example.com"], secret: "garbage-tls", rules: ["garbage.example.com"]),
            // Two tenants route one host; alpha's Ingress is applied first and holds it.
            Self.ingress("alpha", "shared", hosts: ["shared.example.com"], secret: "shared-tls", rules: ["shared.example.com"]),
            Self.ingress("beta", "shared", hosts: ["shared.example.com"], secret: "shared-tls", rules: ["shared.example.com"]),
        ]
        try await EndToEnd.run(options) { e2e in
            let metrics = try ControllerMetricsProbe.make()
            let controller = try e2e.startController(metrics.environment)
            let good: [(String, String, [String])] = [
                ("default", "good-tls", ["good.example.com"]), ("default", "dot-tls", ["dot.example.com"]),
                ("default", "garbage-tls", ["garbage.example.com"]), ("alpha", "shared-tls", ["shared.example.com"]),
            ]
            for (namespace, secret, hosts) in good {
                let issued = try await e2e.waitForCertificate(namespace, secret)
                let certificate = try #require(issued, "no certificate in \(namespace)/\(secret); log:\n\(controller.logTail())")
                #expect(certificate.chain.leaf.dnsNames == hosts)
            }
            for bad in Self.badCases {
                let arrived = try await e2e.eventually {
                    try await e2e.events("default", reason: bad.reason).contains { $0.involvedObject["name"]?.stringValue == bad.name }
                }
                #expect(arrived, "no \(bad.reason) Event about default/\(bad.name); log:\n\(controller.logTail())")
            }
            let held = try await e2e.eventually { try await !e2e.events("beta", reason: "HostHeldElsewhere").isEmpty }
            #expect(held, "beta was not told that alpha holds shared.example.com")
            let message = try await e2e.events("beta", reason: "HostHeldElsewhere").first?.message ?? ""
            #expect(message.contains("alpha/shared"), "\(message)")
            // Every Ingress existed before the binary started and each one above has been decided: any order for a
            // bad case would have been placed by now.
            #expect(await metrics.value("kube_lego_acme_requests_total", ["endpoint=\"newOrder\""]) == Double(good.count),
                    "the CA must see orders for the good entries only")
            for (namespace, secret) in [("default", "ip-tls"), ("default", "no-hosts-tls"), ("beta", "shared-tls"), ("default", "unrouted-tls")] {
                #expect(try await e2e.secretIsAbsent(namespace, secret))
            }
            let taken = try await e2e.kube.get(Secret.self, namespace: "default", name: "taken")
            #expect(taken.type == "Opaque" && taken.data["tls.crt"] == nil, "a Secret of another type is never overwritten")
            #expect(controller.isRunning)
            await controller.stop()
        }
    }

    @Test("a corrupt account Secret: a Warning Event naming it, no account made, no order, the Secret untouched")
    func corruptAccount() async throws {
        var options = SandboxClusterOptions()
        options.manifests = [
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: kube-lego-account, namespace: kube-lego}
            type: Opaque
            data: {tls.key: bm90IGEga2V5}
            """,
            Self.ingress("default", "good", hosts: ["good.example.com"], secret: "good-tls", rules: ["good.example.com"]),
        ]
        try await EndToEnd.run(options) { e2e in
            let before = try await e2e.kube.get(Secret.self, namespace: "kube-lego", name: "kube-lego-account")
            let metrics = try ControllerMetricsProbe.make()
            let controller = try e2e.startController(metrics.environment)
            let event = try await e2e.waitForEvent("default", reason: "IssuanceFailed")
            #expect(event?.message?.contains("kube-lego/kube-lego-account") == true, "\(String(describing: event?.message))")
            #expect(event?.message?.contains("bm90") == false, "the key material is never echoed")
            #expect(await metrics.value("kube_lego_acme_requests_total", ["endpoint=\"newOrder\""]) == 0)
            #expect(await metrics.value("kube_lego_acme_requests_total", ["endpoint=\"newAccount\""]) == 0)
            let after = try await e2e.kube.get(Secret.self, namespace: "kube-lego", name: "kube-lego-account")
            #expect(after.metadata.resourceVersion == before.metadata.resourceVersion)
            #expect(try await e2e.secretIsAbsent("default", "good-tls"))
            await controller.stop()
        }
    }
}
