import Foundation
import KubeLegoKube
import KubeLegoSandbox
import KubeLegoSpawn
import KubeLegoTLS
import Testing

/// kube-lego with exactly the permissions of deploy/ (with its Gateway API overlay): the rendered manifests are loaded into the sandbox, RBAC is
/// enforced, and the binary authenticates with the deploy/ ServiceAccount's token. It must issue, renew, record
/// back-off, clean up and migrate an account Secret without a single 403, and use every verb it is granted.
@Suite("End to end: the deploy/ RBAC, enforced", .serialized, .timeLimit(.minutes(5)))
struct DeployRBACEndToEndTests {
    static let account = SandboxServiceAccount(namespace: "kube-lego", name: "kube-lego")
    static let serviceAccountToken = "kube-lego-service-account-token"

    /// Grants the suite cannot exercise, each with the reason it is still granted. Everything else in deploy/
    /// must be used at least once or the test fails.
    static let allowedUnused: [String: String] = [
        "patch core/events": "bumps the count of an identical Event repeated within the de-duplication window",
        "update core/services in kube-lego":
            "adjusts a leftover challenge Service whose port or selector no longer matches (LEGO_PORT changed)",
        "delete core/secrets in kube-lego": "deletes the order journal Secret kube-lego-orders (work in progress)",
        "update core/endpoints in kube-lego":
            "a new leader (or a pod whose IP changed) points the challenge Endpoints left by another pod at itself",
        "update gateway.networking.k8s.io/httproutes":
            "adjusts a challenge HTTPRoute left by an earlier run, or when a Gateway's listeners change during an order",
        "update gateway.networking.k8s.io/referencegrants in kube-lego":
            "adds or drops a namespace in the grant while Gateways of several namespaces have orders in flight",
        "get core/namespaces": "reads a Gateway namespace's labels for a listener admitting routes by namespace selector",
    ]

    static let blocked = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: blocked-one
          namespace: shop
          annotations:
            kubernetes.io/tls-acme: "true"
        spec:
          ingressClassName: nginx
          tls:
          - hosts: [one.blocked.example]
            secretName: blocked-one-tls
          rules:
          - host: one.blocked.example
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: blocked-two
          namespace: blog
          annotations:
            kubernetes.io/tls-acme: "true"
        spec:
          ingressClassName: nginx
          tls:
          - hosts: [two.blocked.example]
            secretName: blocked-two-tls
          rules:
          - host: two.blocked.example
        """

    /// `kubectl kustomize deploy/overlays/gateway` (the base plus the Gateway API grants), as an operator would
    /// apply it.
    static func renderedDeploy() throws -> String {
        let root = examplesDirectory.deletingLastPathComponent()
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["kubectl", "kustomize", root.appendingPathComponent("deploy/overlays/gateway").path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "kubectl kustomize deploy/overlays/gateway failed")
        return String(decoding: data, as: UTF8.self)
    }

    func key(_ grant: RBACGrant) -> String {
        "\(grant.verb) \(grant.apiGroup.isEmpty ? "core" : grant.apiGroup)/\(grant.resource)"
            + (grant.namespace.map { " in \($0)" } ?? "")
    }

    @Test("issue, renew, back off, clean up and migrate the account with the deploy/ ServiceAccount: no 403, no unused grant")
    func leastPrivilege() async throws {
        var options = SandboxClusterOptions()
        options.certificateValidityPeriod = 45
        options.domainBlocklist = ["blocked.example"]
        options.authorization = SandboxAuthorization(
            adminTokens: ["e2e-admin"], serviceAccountTokens: [Self.serviceAccountToken: Self.account])
        let examples = try FileManager.default.contentsOfDirectory(atPath: examplesDirectory.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
            .map { try String(contentsOf: examplesDirectory.appendingPathComponent($0), encoding: .utf8) }
        options.manifests = examples + [try Self.renderedDeploy(), Self.blocked]
        try await EndToEnd.run(options) { e2e in
            let tokenFile = e2e.cluster.workDirectory.appendingPathComponent("token")
            try Self.serviceAccountToken.write(to: tokenFile, atomically: true, encoding: .utf8)
            let environment = ["LEGO_KUBE_API_TOKEN_FILE": tokenFile.path]
            var controller = try e2e.startController(environment)
            var peakRSS = 0

            // Issue (Secrets created, challenge Service/Ingress created, adjusted and deleted, Events created).
            let first = try #require(try await e2e.waitForCertificate("shop", "storefront-tls"), "\(controller.logTail())")
            for (namespace, name) in [("shop", "api-tls"), ("blog", "blog-tls"), ("blog", "blog-static-tls"), ("docs", "docs-tls")] {
                #expect(try await e2e.waitForCertificate(namespace, name) != nil, "no \(namespace)/\(name): \(controller.logTail())")
            }
            // Back-off state: two failing Ingresses, so the state ConfigMap is created and then updated.
            let deadline = ContinuousClock.now + .seconds(60)
            var stateKeys: [String] = []
            while ContinuousClock.now < deadline {
                stateKeys = (try? await e2e.kube.get(ConfigMap.self, namespace: "kube-lego", name: "kube-lego-state"))?.data.keys ?? []
                if stateKeys.count >= 2 { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(stateKeys.count >= 2, "back-off of both blocked Ingresses recorded: \(stateKeys)")
            // Renew (Secrets updated).
            let renewed = try await e2e.waitForCertificate("shop", "storefront-tls", timeout: .seconds(60)) {
                $0.serialNumberHex != first.chain.leaf.serialNumberHex
            }
            #expect(renewed != nil, "not renewed: \(controller.logTail())")
            peakRSS = max(peakRSS, Self.peakRSSKiB(controller.processIdentifier))
            await controller.stop()
            #expect(controller.exitStatus == 0)

            // Upgrade path: an account Secret in the original kube-lego's format (no account URL, no directory) is
            // taken over and rewritten in place on the next start.
            _ = try await e2e.kube.updateWithRetry(Secret.self, namespace: "kube-lego", name: "kube-lego-account") { secret in
                var data = secret.data
                data["acme-registration-url"] = nil
                data["acme-directory-url"] = nil
                secret.data = data
            }
            controller = try e2e.startController(environment)
            let migrateDeadline = ContinuousClock.now + .seconds(60)
            var migrated = false
            while ContinuousClock.now < migrateDeadline, !migrated {
                let secret = try await e2e.kube.get(Secret.self, namespace: "kube-lego", name: "kube-lego-account")
                migrated = secret.data["acme-directory-url"] != nil
                if !migrated { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(migrated, "the original-format account Secret was not rewritten: \(controller.logTail())")
            #expect(try await e2e.waitForCertificate("shop", "storefront-tls", timeout: .seconds(60)) {
                $0.serialNumberHex != renewed?.chain.leaf.serialNumberHex
            } != nil, "no renewal after the restart: \(controller.logTail())")
            peakRSS = max(peakRSS, Self.peakRSSKiB(controller.processIdentifier))
            await controller.stop()
            #expect(controller.exitStatus == 0)

            let records = e2e.cluster.api.authorizationRecords.filter { $0.user.serviceAccount == Self.account }
            let refused = records.filter { !$0.allowed }
            #expect(refused.isEmpty, "403s: \(refused.map(\.reason))")
            #expect(records.count > 20)
            let usage = e2e.cluster.api.grantUsage(of: Self.account)
            #expect(!usage.isEmpty)
            var table = "| grant | role | requests |\n|---|---|---|\n"
            for (grant, uses) in usage {
                table += "| \(grant.description) | \(grant.role) | \(uses) |\n"
            }
            print("deploy/ RBAC grants and their use by kube-lego (peak RSS \(peakRSS / 1024) MiB):\n" + table)
            let unused = usage.filter { $0.uses == 0 }.map { key($0.grant) }
            let unexpected = unused.filter { Self.allowedUnused[$0] == nil }
            #expect(unexpected.isEmpty, "granted but never used (remove from deploy/ or add to allowedUnused with a reason): \(unexpected)")
            let granted = Set(usage.map { key($0.grant) })
            let stale = Self.allowedUnused.keys.filter { !granted.contains($0) }.sorted()
            #expect(stale.isEmpty, "allowedUnused names grants deploy/ does not hold: \(stale)")
        }
    }

    /// The peak resident set size (VmHWM) of a running process, KiB; 0 when unknown.
    static func peakRSSKiB(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
