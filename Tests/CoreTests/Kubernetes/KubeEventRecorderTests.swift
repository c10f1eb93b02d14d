import Foundation
import KubeLegoCore
import KubeLegoKube
import KubeLegoSandbox
import Testing

@Suite("KubeEventRecorder")
struct KubeEventRecorderTests {
    let shop = ObjectReference(namespace: "web", name: "shop")

    func events(_ kube: KubeClient) async throws -> [Event] {
        try await kube.list(Event.self, namespace: "web").items.sorted { ($0.firstTimestamp ?? "", $0.name) < ($1.firstTimestamp ?? "", $1.name) }
    }

    @Test("writes a core/v1 Event about the Ingress, reported by kube-lego")
    func create() async throws {
        try await withSandbox { _, kube in
            let clock = ManualClock()
            let recorder = KubeEventRecorder(kube: kube, logger: quietLogger, now: { clock.now })
            await recorder.emit(.ingress(shop, .normal, "CertificateIssued", "issued a certificate for shop.example into Secret shop-tls"))
            let all = try await events(kube)
            let event = try #require(all.first)
            #expect(all.count == 1)
            #expect(event.name.hasPrefix("shop."))
            #expect(event.type == "Normal")
            #expect(event.reason == "CertificateIssued")
            #expect(event.message == "issued a certificate for shop.example into Secret shop-tls")
            #expect(event.count == 1)
            #expect(event.firstTimestamp == "2027-01-15T08:00:00Z")
            #expect(event.sourceComponent == "kube-lego")
            #expect(event.raw["reportingComponent"]?.stringValue == "kube-lego")
            #expect(event.involvedObject["kind"]?.stringValue == "Ingress")
            #expect(event.involvedObject["apiVersion"]?.stringValue == "networking.k8s.io/v1")
            #expect(event.involvedObject["namespace"]?.stringValue == "web")
            #expect(event.involvedObject["name"]?.stringValue == "shop")
        }
    }

    @Test("the same Event within 10 minutes bumps count and lastTimestamp; after the window a new one is made")
    func deduplication() async throws {
        try await withSandbox { _, kube in
            let clock = ManualClock()
            let recorder = KubeEventRecorder(kube: kube, logger: quietLogger, now: { clock.now })
            let failed = ObjectEvent.ingress(shop, .warning, "ValidationFailed", "shop.example: 404 from the challenge URL")
            for _ in 0..<3 {
                await recorder.emit(failed)
                clock.advance(120)
            }
            await recorder.emit(.ingress(shop, .warning, "ValidationFailed", "another message"))
            var all = try await events(kube)
            #expect(all.count == 2)
            let bumped = try #require(all.first { $0.message == failed.message })
            #expect(bumped.count == 3)
            #expect(bumped.firstTimestamp == "2027-01-15T08:00:00Z")
            #expect(bumped.lastTimestamp == "2027-01-15T08:04:00Z")

            clock.advance(11 * 60)
            await recorder.emit(failed)
            all = try await events(kube)
            #expect(all.filter { $0.message == failed.message }.map(\.count) == [3, 1])
        }
    }

    @Test("at most `burst` new Events per object per minute; other objects are not affected")
    func rateLimit() async throws {
        try await withSandbox { _, kube in
            let clock = ManualClock()
            let recorder = KubeEventRecorder(kube: kube, logger: quietLogger, now: { clock.now }, burst: 3)
            for index in 0..<5 { await recorder.emit(.ingress(shop, .warning, "Failed", "attempt \(index)")) }
            await recorder.emit(.ingress(ObjectReference(namespace: "web", name: "blog"), .normal, "CertificateIssued", "ok"))
            var all = try await events(kube)
            #expect(all.filter { $0.involvedObject["name"]?.stringValue == "shop" }.compactMap(\.message) == ["attempt 0", "attempt 1", "attempt 2"])
            #expect(all.filter { $0.involvedObject["name"]?.stringValue == "blog" }.count == 1)
            clock.advance(61)
            await recorder.emit(.ingress(shop, .warning, "Failed", "attempt 5"))
            all = try await events(kube)
            #expect(all.filter { $0.involvedObject["name"]?.stringValue == "shop" }.count == 4)
        }
    }

    @Test("messages longer than 1 KiB are cut on a character boundary")
    func longMessage() async throws {
        try await withSandbox { _, kube in
            let recorder = KubeEventRecorder(kube: kube, logger: quietLogger)
            await recorder.emit(.ingress(shop, .warning, "ValidationFailed", String(repeating: "ü", count: 1000)))
            let message = try #require(try await events(kube).first?.message)
            #expect(message.utf8.count == 1024)
            #expect(message.allSatisfy { $0 == "ü" })
        }
    }

    @Test("an Event deleted by the cluster is recreated instead of patched; API failures are swallowed")
    func deletedAndFailing() async throws {
        try await withSandbox { server, kube in
            let clock = ManualClock()
            let recorder = KubeEventRecorder(kube: kube, logger: quietLogger, now: { clock.now })
            let event = ObjectEvent.ingress(shop, .normal, "Renewed", "renewed")
            await recorder.emit(event)
            let first = try #require(try await events(kube).first)
            try await kube.delete(Event.self, namespace: "web", name: first.name)
            clock.advance(1)
            await recorder.emit(event)
            let all = try await events(kube)
            #expect(all.count == 1)
            #expect(all.first?.name != first.name)
            server.faults = SandboxFaults(errors: [.create: .init(rate: 1), .patch: .init(rate: 1)])
            // Without in-place retries, so the failures reach the recorder at once: logged, never thrown.
            var options = KubeClientOptions(version: "test", qps: 0, burst: 1)
            options.retry = .none
            let failing = try KubeClient(settings: ConnectionSettings(server: server.baseURL), options: options, logger: quietLogger)
            let failingRecorder = KubeEventRecorder(kube: failing, logger: quietLogger, now: { clock.now })
            await failingRecorder.emit(.ingress(shop, .normal, "Other", "x"))
            await failingRecorder.emit(.ingress(shop, .normal, "Other", "x"))
            await failing.shutdown()
        }
    }
}
