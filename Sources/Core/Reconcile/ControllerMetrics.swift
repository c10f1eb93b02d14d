#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import KubeLegoACME
public import Metrics

/// The controller's metrics, through swift-metrics (the executable exports them to Prometheus), except the
/// per-Secret series, which live in a `CertificateSeriesTable`.
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
    /// The per-Secret series; the metrics endpoint renders this table beside the backend's registry.
    public let certificates: CertificateSeriesTable

    /// Makes the metrics handles (cheap; handles are looked up by label in the backend). `factory` is for tests
    /// that read one registry of their own (they get a table of their own too); the default records into the
    /// bootstrapped `MetricsSystem` and `CertificateSeriesTable.shared`.
    public init(factory: (any MetricsFactory)? = nil, certificates: CertificateSeriesTable? = nil) {
        self.factory = factory
        self.certificates = certificates ?? (factory == nil ? .shared : CertificateSeriesTable())
    }

    /// Records a stored certificate.
    func recordIssued(_ secret: ObjectReference, notAfter: Date, renewal: Bool, duration: Duration) {
        certificateNotAfter(secret, notAfter)
        counter("kube_lego_issuance_total", [("outcome", renewal ? "renewed" : "issued")]).increment()
        timer("kube_lego_issuance_duration_seconds").record(duration: duration)
    }

    /// Records the expiry of a certificate seen in a Secret.
    public func certificateNotAfter(_ secret: ObjectReference, _ notAfter: Date) {
        certificates.update(secret) { $0.notAfter = notAfter.timeIntervalSince1970 }
    }

    /// Records when the controller will renew the certificate in `secret` (the planner's time, ARI-aware; in the
    /// past while a renewal is due).
    public func certificateRenewal(_ secret: ObjectReference, at date: Date) {
        certificates.update(secret) { $0.renewal = date.timeIntervalSince1970 }
    }

    /// Records whether the certificate in `secret` is ready: 1 on the series of the current condition ("True" or
    /// "False"), 0 on the other.
    public func certificateReady(_ secret: ObjectReference, _ ready: Bool) {
        certificates.update(secret) { $0.ready = ready }
    }

    /// Removes every per-Secret series of `secret` (no served Ingress names it any more).
    public func forgetCertificate(_ secret: ObjectReference) {
        certificates.remove(secret)
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
