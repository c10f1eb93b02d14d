#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import KubeLegoACME
public import Metrics
import Synchronization

/// The controller's metrics, through swift-metrics (the executable exports them to Prometheus).
///
/// Names: `kube_lego_certificate_not_after_seconds{namespace,secret}`,
/// `kube_lego_certificate_renewal_timestamp_seconds{namespace,secret}`,
/// `kube_lego_certificate_ready{namespace,secret,condition}`, `kube_lego_issuance_total{outcome}`,
/// `kube_lego_issuance_duration_seconds`, `kube_lego_acme_requests_total{endpoint,method,status}`,
/// `kube_lego_acme_request_duration_seconds{endpoint}`, `kube_lego_queue_depth`.
///
/// The per-Secret series exist while an Ingress served by kube-lego names the Secret; `forgetCertificate` removes
/// them when none does any more, so alerts never fire for certificates nobody asks for.
public struct ControllerMetrics: Sendable {
    /// The backend; nil uses `MetricsSystem.factory` at the time of each recording (after bootstrap).
    private let factory: (any MetricsFactory)?

    /// Makes the metrics handles (cheap; handles are looked up by label in the backend). `factory` is for tests
    /// that read one registry of their own; the default records into the bootstrapped `MetricsSystem`.
    public init(factory: (any MetricsFactory)? = nil) {
        self.factory = factory
    }

    /// The per-Secret handles, shared by copies.
    private let perSecret = CertificateHandles()

    /// Records a stored certificate.
    func recordIssued(_ secret: ObjectReference, notAfter: Date, renewal: Bool, duration: Duration) {
        certificateNotAfter(secret, notAfter)
        counter("kube_lego_issuance_total", [("outcome", renewal ? "renewed" : "issued")]).increment()
        timer("kube_lego_issuance_duration_seconds").record(duration: duration)
    }

    /// Records the expiry of a certificate seen in a Secret.
    public func certificateNotAfter(_ secret: ObjectReference, _ notAfter: Date) {
        handle(.notAfter, secret).record(notAfter.timeIntervalSince1970)
    }

    /// Records when the controller will renew the certificate in `secret` (the planner's time, ARI-aware; in the
    /// past while a renewal is due).
    public func certificateRenewal(_ secret: ObjectReference, at date: Date) {
        handle(.renewal, secret).record(date.timeIntervalSince1970)
    }

    /// Records whether the certificate in `secret` is ready: 1 on the series of the current condition ("True" or
    /// "False"), 0 on the other.
    public func certificateReady(_ secret: ObjectReference, _ ready: Bool) {
        handle(.ready, secret).record(ready ? 1 : 0)
        handle(.notReady, secret).record(ready ? 0 : 1)
    }

    /// Removes every per-Secret series of `secret` (no served Ingress names it any more).
    public func forgetCertificate(_ secret: ObjectReference) {
        let made = perSecret.handles.withLock { $0.removeValue(forKey: secret) } ?? [:]
        for series in CertificateSeries.allCases {
            (made[series] ?? makeHandle(series, secret)).destroy()
        }
    }

    /// The per-Secret series.
    enum CertificateSeries: CaseIterable, Sendable {
        case notAfter, renewal, ready, notReady
    }

    /// The per-Secret handles, each made once, when first recorded: making a handle looks the series up in the
    /// backend by label set (under the backend's lock, validating the labels each time), which a pass over
    /// 10,000 Secrets would otherwise do 40,000 times.
    final class CertificateHandles: Sendable {
        let handles = Mutex<[ObjectReference: [CertificateSeries: Gauge]]>([:])
    }

    private func handle(_ series: CertificateSeries, _ secret: ObjectReference) -> Gauge {
        if let known = perSecret.handles.withLock({ $0[secret]?[series] }) { return known }
        let made = makeHandle(series, secret)
        return perSecret.handles.withLock { handles in
            if let known = handles[secret]?[series] { return known }
            handles[secret, default: [:]][series] = made
            return made
        }
    }

    private func makeHandle(_ series: CertificateSeries, _ secret: ObjectReference) -> Gauge {
        let dimensions = Self.dimensions(secret)
        switch series {
        case .notAfter: return gauge("kube_lego_certificate_not_after_seconds", dimensions)
        case .renewal: return gauge("kube_lego_certificate_renewal_timestamp_seconds", dimensions)
        case .ready: return gauge("kube_lego_certificate_ready", dimensions + [("condition", "True")])
        case .notReady: return gauge("kube_lego_certificate_ready", dimensions + [("condition", "False")])
        }
    }

    /// Records a failed issuance by outcome (self_check_failed, dns_record_failed, validation_failed, rate_limited,
    /// route_failed, failed, order_abandoned).
    func recordFailure(outcome: String) {
        counter("kube_lego_issuance_total", [("outcome", outcome)]).increment()
    }

    /// Records the number of Ingress keys waiting.
    /// `kube_lego_leader`: 1 while this replica leads, else 0.
    func recordLeading(_ leading: Bool) {
        Gauge(label: "kube_lego_leader").record(leading ? 1 : 0)
    }

    func recordQueueDepth(_ depth: Int) {
        gauge("kube_lego_queue_depth", []).record(depth)
    }

    /// An observer for `ACMEClientConfiguration.requestObserver`.
    public static let acmeRequestObserver: @Sendable (ACMERequestRecord) -> Void = { record in
        Counter(label: "kube_lego_acme_requests_total", dimensions: [
            ("endpoint", record.endpoint), ("method", record.method), ("status", record.status.map(String.init) ?? "error"),
        ]).increment()
        Metrics.Timer(label: "kube_lego_acme_request_duration_seconds", dimensions: [("endpoint", record.endpoint)],
                      preferredDisplayUnit: .seconds).record(duration: record.duration)
    }

    private static func dimensions(_ secret: ObjectReference) -> [(String, String)] {
        [("namespace", secret.namespace), ("secret", secret.name)]
    }

    private func gauge(_ label: String, _ dimensions: [(String, String)]) -> Gauge {
        Gauge(label: label, dimensions: dimensions, factory: factory ?? MetricsSystem.factory)
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Counter {
        Counter(label: label, dimensions: dimensions, factory: factory ?? MetricsSystem.factory)
    }

    private func timer(_ label: String) -> Metrics.Timer {
        Metrics.Timer(label: label, preferredDisplayUnit: .seconds, factory: factory ?? MetricsSystem.factory)
    }
}
