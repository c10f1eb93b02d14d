import Foundation
import KubeLegoKube
import KubeLegoSandbox
import KubeLegoTLS
import Testing

@Suite("End to end: kube-lego binary, sandbox API server, nginx, Pebble", .serialized, .timeLimit(.minutes(5)))
struct NginxEndToEndTests {
    func exampleManifests() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: examplesDirectory.path).filter { $0.hasSuffix(".yaml") }.sorted()
            .map { try String(contentsOf: examplesDirectory.appendingPathComponent($0), encoding: .utf8) }
    }

    @Test("the examples: exactly the expected Secrets, each verifying against Pebble's root with SANs equal to the hosts")
    func examples() async throws {
        var options = SandboxClusterOptions()
        options.manifests = try exampleManifests()
        try await EndToEnd.run(options) { e2e in
            let controller = try e2e.startController()
            let expected: [(String, String, [String])] = [
                ("shop", "storefront-tls", ["shop.example.com"]),
                ("shop", "api-tls", ["api.example.com", "api-eu.example.com", "api-us.example.com"]),
                ("blog", "blog-tls", ["blog.example.com"]),
                ("blog", "blog-static-tls", ["static.example.com", "media.example.com"]),
                ("docs", "docs-tls", ["docs.example.com", "www.docs.example.com"]),
            ]
            for (namespace, name, hosts) in expected {
                let issued = try await e2e.waitForCertificate(namespace, name)
                let certificate = try #require(issued, "no certificate in \(namespace)/\(name); controller log:\n\(controller.logTail())")
                #expect(Set(certificate.chain.leaf.dnsNames) == Set(hosts))
                #expect(certificate.key.matches(certificate.chain.leaf))
                #expect(try await e2e.verifies(certificate.chain))
            }
            // Every example existed before the controller started; it queues the served ones in one pass over the
            // synced cache and never queues the others, so the five certificates above are the proof that the two
            // below were passed over, not merely not reached yet.
            #expect(try await e2e.secretIsAbsent("blog", "drafts-tls"), "an Ingress without the annotation gets nothing")
            #expect(try await e2e.secretIsAbsent("blog", "legacy-tls"), "an unsupported class gets nothing")
            #expect(controller.isRunning)
            await controller.stop()
            #expect(controller.exitStatus == 0, "SIGTERM is a graceful, successful exit")
        }
    }
}
