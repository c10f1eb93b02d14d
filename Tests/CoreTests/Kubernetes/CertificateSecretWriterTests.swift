import Foundation
import KubeLegoCore
import KubeLegoKube
import KubeLegoSandbox
import Testing

@Suite("CertificateSecretWriter")
struct CertificateSecretWriterTests {
    let factory: LeafFactory
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let target = ObjectReference(namespace: "web", name: "shop-tls")

    init() throws {
        factory = try LeafFactory()
    }

    @Test("creates a kubernetes.io/tls Secret with the chain, the key, the label and the annotations")
    func create() async throws {
        let (chain, key) = try factory.leaf(["shop.example"])
        try await withSandbox { _, kube in
            let writer = CertificateSecretWriter(kube: kube, configuration: try testConfiguration(), logger: quietLogger)
            try await writer.write(certificateChainPEM: chain, privateKeyPEM: key, to: target, now: now)
            let stored = try await kube.get(Secret.self, namespace: "web", name: "shop-tls")
            #expect(stored.type == "kubernetes.io/tls")
            #expect(text(stored, "tls.crt") == chain)
            #expect(text(stored, "tls.key") == key)
            #expect(stored.metadata.labels["app.kubernetes.io/managed-by"] == "kube-lego")
            #expect(stored.metadata.annotations["kubernetes.io/tls-acme"] == "true")
            #expect(stored.metadata.annotations["kube-lego/acme-directory"] == "https://acme.test/directory")
            #expect(stored.metadata.annotations["kube-lego/issued-at"] == "2027-01-15T08:00:00Z")
            let facts = SecretInspector.facts(of: stored, annotationKey: "kubernetes.io/tls-acme")
            #expect(facts.managedByKubeLego && facts.keyMatchesCertificate == true && facts.certificate?.names == ["shop.example"])
        }
    }

    @Test("an update keeps the user's extra data key, labels and annotations")
    func updatePreserves() async throws {
        let (oldChain, oldKey) = try factory.leaf(["shop.example"])
        let (chain, key) = try factory.leaf(["shop.example", "www.shop.example"])
        try await withSandbox { _, kube in
            _ = try await kube.create(makeSecret(
                "shop-tls", data: ["tls.crt": oldChain, "tls.key": oldKey, "ca.crt": "user CA"],
                labels: ["team": "shop", "app.kubernetes.io/managed-by": "kube-lego"],
                annotations: ["helm.sh/resource-policy": "keep"]))
            let writer = CertificateSecretWriter(kube: kube, configuration: try testConfiguration(), logger: quietLogger)
            try await writer.write(certificateChainPEM: chain, privateKeyPEM: key, to: target, now: now)
            let stored = try await kube.get(Secret.self, namespace: "web", name: "shop-tls")
            #expect(text(stored, "tls.crt") == chain)
            #expect(text(stored, "ca.crt") == "user CA")
            #expect(stored.metadata.labels["team"] == "shop")
            #expect(stored.metadata.annotations["helm.sh/resource-policy"] == "keep")
            #expect(stored.metadata.annotations["kubernetes.io/tls-acme"] == "true")
        }
    }

    @Test("spurious 409 Conflicts are retried with a fresh read until the write lands")
    func conflictRetry() async throws {
        let (chain, key) = try factory.leaf(["shop.example"])
        let (oldChain, oldKey) = try factory.leaf(["shop.example"])
        try await withSandbox { server, kube in
            _ = try await kube.create(makeSecret(
                "shop-tls", data: ["tls.crt": oldChain, "tls.key": oldKey, "extra": "x"], labels: ["app.kubernetes.io/managed-by": "kube-lego"]))
            server.faults = SandboxFaults(spuriousConflictRate: 1, budget: 3)
            let writer = CertificateSecretWriter(kube: kube, configuration: try testConfiguration(), logger: quietLogger)
            try await writer.write(certificateChainPEM: chain, privateKeyPEM: key, to: target, now: now)
            let stored = try await kube.get(Secret.self, namespace: "web", name: "shop-tls")
            #expect(text(stored, "tls.crt") == chain)
            #expect(text(stored, "extra") == "x")
        }
    }

    @Test("a concurrent writer's change made between read and write is kept, not overwritten")
    func concurrentWriter() async throws {
        let (chain, key) = try factory.leaf(["shop.example"])
        let (oldChain, oldKey) = try factory.leaf(["shop.example"])
        try await withSandbox { _, kube in
            _ = try await kube.create(makeSecret(
                "shop-tls", data: ["tls.crt": oldChain, "tls.key": oldKey], labels: ["app.kubernetes.io/managed-by": "kube-lego"]))
            let writer = CertificateSecretWriter(kube: kube, configuration: try testConfiguration(), logger: quietLogger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await writer.write(certificateChainPEM: chain, privateKeyPEM: key, to: target, now: now)
                }
                // Each updater wins at most one round against the writer: 3 lost rounds stay under its 5 attempts.
                for index in 0..<3 {
                    group.addTask {
                        _ = try await kube.updateWithRetry(Secret.self, namespace: "web", name: "shop-tls", maxAttempts: 50) { secret in
                            secret.metadata.labels["other-\(index)"] = "yes"
                        }
                    }
                }
                try await group.waitForAll()
            }
            let stored = try await kube.get(Secret.self, namespace: "web", name: "shop-tls")
            #expect(text(stored, "tls.crt") == chain)
            for index in 0..<3 { #expect(stored.metadata.labels["other-\(index)"] == "yes") }
        }
    }

    @Test("refuses, writing nothing, a Secret of another type and one holding someone else's certificate")
    func refusals() async throws {
        let (chain, key) = try factory.leaf(["shop.example"])
        let (theirs, theirKey) = try factory.leaf(["shop.example"])
        try await withSandbox { _, kube in
            _ = try await kube.create(makeSecret("opaque", type: "Opaque", data: ["password": "p"]))
            _ = try await kube.create(makeSecret("theirs", data: ["tls.crt": theirs, "tls.key": theirKey]))
            let writer = CertificateSecretWriter(kube: kube, configuration: try testConfiguration(), logger: quietLogger)
            for name in ["opaque", "theirs"] {
                let before = try await kube.get(Secret.self, namespace: "web", name: name)
                let error = await #expect(throws: CoreError.self) {
                    try await writer.write(
                        certificateChainPEM: chain, privateKeyPEM: key, to: ObjectReference(namespace: "web", name: name), now: now)
                }
                #expect(error?.code == .conflict)
                #expect(error?.subject == "Secret web/\(name)")
                let after = try await kube.get(Secret.self, namespace: "web", name: name)
                #expect(after == before)
            }
        }
    }

    @Test("a key that is not the leaf's is refused before anything is written, and not quoted")
    func mismatchedPair() async throws {
        let (chain, _) = try factory.leaf(["shop.example"])
        let (_, otherKey) = try factory.leaf(["shop.example"])
        try await withSandbox { _, kube in
            let writer = CertificateSecretWriter(kube: kube, configuration: try testConfiguration(), logger: quietLogger)
            let error = await #expect(throws: CoreError.self) {
                try await writer.write(certificateChainPEM: chain, privateKeyPEM: otherKey, to: target, now: now)
            }
            #expect(error?.code == .issuance)
            #expect(error?.description.contains("PRIVATE KEY") == false)
            await #expect(throws: KubeError.self) { _ = try await kube.get(Secret.self, namespace: "web", name: "shop-tls") }
        }
    }
}
