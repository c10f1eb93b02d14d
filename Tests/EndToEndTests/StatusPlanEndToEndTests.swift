import Foundation
import KubeLegoKube
import KubeLegoSandbox
import KubeLegoSpawn
import Testing

/// `kube-lego status` and `plan`, the real binary against a sandbox cluster holding certificates in every state.
@Suite("End to end: status and plan", .serialized, .timeLimit(.minutes(5)))
struct StatusPlanEndToEndTests {
    static func ingress(_ name: String, hosts: [String], secret: String) -> String {
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: \(name)
          namespace: default
          annotations: {kubernetes.io/tls-acme: "true"}
        spec:
          ingressClassName: nginx
          tls:
          - hosts: [\(hosts.joined(separator: ", "))]
            secretName: \(secret)
          rules:
        \(hosts.map { "  - host: \($0)" }.joined(separator: "\n"))
        """
    }

    /// Runs the binary with `arguments` against the cluster; returns its exit status and standard output.
    func run(_ e2e: EndToEnd, _ arguments: [String], extra: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: controllerExecutable)
        process.arguments = arguments
        process.environment = e2e.cluster.controllerEnvironment(extra).merging(["PATH": "/usr/bin:/bin"]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return (status, String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    func writes(_ e2e: EndToEnd) -> Int {
        let counts = e2e.cluster.api.requestCounts
        return ["POST", "PUT", "PATCH", "DELETE"].reduce(0) { $0 + counts[$1, default: 0] }
    }

    @Test("every state named in table, JSON and plan; plan exits 2 when it would order; neither writes anything")
    func everyState() async throws {
        var options = SandboxClusterOptions()
        options.domainBlocklist = ["blocked.example"]
        options.manifests = [
            Self.ingress("steady", hosts: ["steady.example.com"], secret: "steady-tls"),
            Self.ingress("growing", hosts: ["growing.example.com"], secret: "growing-tls"),
            Self.ingress("blocked", hosts: ["x.blocked.example"], secret: "blocked-tls"),
            Self.ingress("one", hosts: ["one.example.com"], secret: "shared"),
            Self.ingress("two", hosts: ["two.example.com"], secret: "shared"),
        ]
        try await EndToEnd.run(options) { e2e in
            let controller = try e2e.startController()
            #expect(try await e2e.waitForCertificate("default", "steady-tls") != nil, "\(controller.logTail())")
            #expect(try await e2e.waitForCertificate("default", "growing-tls") != nil, "\(controller.logTail())")
            let backedOff = try await e2e.eventually {
                let state = try? await e2e.kube.get(ConfigMap.self, namespace: "kube-lego", name: "kube-lego-state")
                return state?.data["default.blocked-tls"] != nil
            }
            #expect(backedOff, "the blocked host never reached the back-off ledger; log:\n\(controller.logTail())")
            #expect(try await e2e.waitForEvent("default", reason: "SecretConflict") != nil)
            await controller.stop()
            // Now the cluster moves on while the controller is down: a host is added, a new Ingress appears.
            _ = try await e2e.kube.updateWithRetry(Ingress.self, namespace: "default", name: "growing") { ingress in
                ingress.tls[0].hosts.append("more.example.com")
                ingress.rules.append(IngressRule(raw: ["host": "more.example.com"]))
            }
            try e2e.apply(Self.ingress("later", hosts: ["later.example.com"], secret: "later-tls"))

            let writesBefore = writes(e2e)
            let json = try await run(e2e, ["status", "-o", "json"])
            #expect(json.status == 1, "failing entries make status exit 1")
            let document = try JSONValue(parsing: Array(json.output.utf8))
            var states: [String: String] = [:]
            for row in document["certificates"]?.arrayValue ?? [] {
                states["\(row["ingress"]?.stringValue ?? "?")/\(row["secret"]?.stringValue ?? "?")"] = row["state"]?.stringValue
            }
            #expect(states == [
                "steady/steady-tls": "Valid", "growing/growing-tls": "RenewalDue", "blocked/blocked-tls": "BackingOff",
                "one/shared": "Refused", "two/shared": "Refused", "later/later-tls": "Missing",
            ], "\(json.output)")

            let table = try await run(e2e, ["status", "--fail-on", "never"])
            #expect(table.status == 0)
            for expected in ["default/steady", "Valid", "RenewalDue", "BackingOff", "Refused", "Missing", "SecretConflict",
                             "last failure:", "does not cover more.example.com"] {
                #expect(table.output.contains(expected), "status table lacks \(expected):\n\(table.output)")
            }
            #expect(!table.output.contains("\u{1B}["), "no colours when stdout is not a terminal")

            let plan = try await run(e2e, ["plan"])
            #expect(plan.status == 2, "plan exits 2 when it would order:\n\(plan.output)")
            for expected in ["+ default/growing spec.tls[0]", "+ default/later spec.tls[0]", "! default/one spec.tls[0]",
                             "~ default/blocked spec.tls[0]", "= default/steady spec.tls[0]", "Plan: 2 to order, 2 refused, 1 waiting, 1 up to date."] {
                #expect(plan.output.contains(expected), "plan lacks \(expected):\n\(plan.output)")
            }
            let scoped = try await run(e2e, ["plan", "-n", "kube-lego"])
            #expect(scoped.status == 0 && scoped.output.contains("Plan: 0 to order"), "\(scoped.output)")
            #expect(writes(e2e) == writesBefore, "status and plan read only: \(e2e.cluster.api.requestCounts)")
        }
    }
}
