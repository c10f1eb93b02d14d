import Foundation
@testable import KubeLegoApp
import KubeLegoChallengeSolvers
import KubeLegoCore
import KubeLegoTestKit
import Logging
import Prometheus
import Testing

/// The metrics endpoint over real sockets: the configured address, and the responder's guards.
@Suite("metrics server")
struct MetricsServerTests {
    /// Runs a metrics server on 127.0.0.1, port 0, while `body` runs; hands it the bound port.
    func withMetricsServer<T: Sendable>(
        limits: HTTP01Responder.Limits = MetricsServer.defaultLimits, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        certificates: CertificateSeriesTable = CertificateSeriesTable(), _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var server = MetricsServer(host: "127.0.0.1", port: 0, registry: registry, logger: Logger(label: "test.metrics"))
        server.limits = limits
        server.certificates = certificates
        server.onListening = { port in continuation.yield(port) }
        let configured = server
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await configured.run() }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            return try await body(port)
        }
    }

    @Test("the defaults: 8 KiB heads within 30 s, 64 connections, 100 requests per connection")
    func defaults() {
        #expect(MetricsServer.defaultLimits == HTTP01Responder.Limits(
            maxHeadBytes: 8192, headTimeout: .seconds(30), maxConnections: 64, maxRequestsPerConnection: 100))
    }

    @Test("serves /metrics on the configured address")
    func servesMetrics() async throws {
        try await withMetricsServer { port in
            let outcome = try await RawConnection.exchange("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", port: port)
            #expect(outcome.closedByServer)
            #expect(outcome.text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(outcome.text.contains("text/plain; version=0.0.4"))
            #expect(outcome.text.lowercased().contains("connection: close"))
        }
    }

    @Test("a request head over 8 KiB is answered 431 and closed")
    func oversizedHead() async throws {
        try await withMetricsServer { port in
            let big = String(repeating: "a", count: 9000)
            let outcome = try await RawConnection.exchange("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: \(big)\r\n\r\n", port: port)
            #expect(outcome.closedByServer)
            #expect(outcome.text.hasPrefix("HTTP/1.1 431 "))
        }
    }

    @Test("a connection beyond the cap is closed at once, without an answer")
    func connectionCap() async throws {
        let limits = HTTP01Responder.Limits(headTimeout: .seconds(120), maxConnections: 2)
        try await withMetricsServer(limits: limits) { port in
            let keepAlive = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
            var held: [RawConnection] = []
            for _ in 0..<2 {
                let connection = try await RawConnection.open(port: port, sending: keepAlive)
                try await connection.answered()
                held.append(connection)
            }
            let extra = try await RawConnection.exchange(keepAlive, port: port)
            #expect(extra.closedByServer)
            #expect(extra.text.isEmpty)
            for connection in held { await connection.close() }
        }
    }

    @Test("after maxRequestsPerConnection answers the connection closes, the last saying Connection: close")
    func requestsPerConnection() async throws {
        let limits = HTTP01Responder.Limits(headTimeout: .seconds(120), maxRequestsPerConnection: 2)
        try await withMetricsServer(limits: limits) { port in
            let keepAlive = "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n"
            let outcome = try await RawConnection.exchange(String(repeating: keepAlive, count: 3), port: port)
            #expect(outcome.closedByServer)
            #expect(outcome.text.components(separatedBy: "HTTP/1.1 404").count - 1 == 2, "\(outcome.text)")
            #expect(outcome.text.lowercased().components(separatedBy: "connection: close").count - 1 == 1)
        }
    }

    @Test("an idle keep-alive connection is closed after the head timeout")
    func idleConnection() async throws {
        let limits = HTTP01Responder.Limits(headTimeout: .milliseconds(300))
        try await withMetricsServer(limits: limits) { port in
            let outcome = try await RawConnection.exchange("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", port: port)
            #expect(outcome.closedByServer, "closed by the server before the exchange's own 30 s timer")
            #expect(outcome.text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        }
    }

    @Test("per-Secret series over /metrics: renewal time, ready on one condition, and gone once forgotten")
    func certificateSeries() async throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = ControllerMetrics(factory: PrometheusMetricsFactory(registry: registry))
        let shop = ObjectReference(namespace: "web", name: "shop-tls")
        let blog = ObjectReference(namespace: "web", name: "blog-tls")
        metrics.certificateNotAfter(shop, Date(timeIntervalSince1970: 1_900_000_000))
        metrics.certificateRenewal(shop, at: Date(timeIntervalSince1970: 1_897_408_000))
        metrics.certificateReady(shop, true)
        metrics.certificateReady(blog, true)
        metrics.certificateReady(blog, false)
        try await withMetricsServer(registry: registry, certificates: metrics.certificates) { port in
            func scrape() async throws -> PrometheusText {
                let outcome = try await RawConnection.exchange("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", port: port)
                return PrometheusText(String(outcome.text.split(separator: "\r\n\r\n", maxSplits: 1).last ?? ""))
            }
            let before = try await scrape()
            let shopLabels = ["namespace": "web", "secret": "shop-tls"]
            #expect(before.value("kube_lego_certificate_renewal_timestamp_seconds", shopLabels) == 1_897_408_000)
            #expect(before.value("kube_lego_certificate_not_after_seconds", shopLabels) == 1_900_000_000)
            #expect(before.value("kube_lego_certificate_ready", shopLabels.merging(["condition": "True"]) { $1 }) == 1)
            #expect(before.value("kube_lego_certificate_ready", shopLabels.merging(["condition": "False"]) { $1 }) == 0)
            #expect(before.value("kube_lego_certificate_ready", ["secret": "blog-tls", "condition": "True"]) == 0)
            #expect(before.value("kube_lego_certificate_ready", ["secret": "blog-tls", "condition": "False"]) == 1)

            metrics.forgetCertificate(shop)
            let after = try await scrape()
            #expect(after.samples.filter { $0.labels["secret"] == "shop-tls" }.isEmpty, "\(after.samples)")
            #expect(after.series("kube_lego_certificate_ready", ["secret": "blog-tls"]).count == 2, "other Secrets keep theirs")
        }
    }
}
