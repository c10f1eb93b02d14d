public import Foundation
public import KubeLegoACME
import Metrics

/// The controller's metrics, through swift-metrics (the executable exports them to Prometheus).
///
/// Names: `kube_lego_certificate_not_after_seconds{namespace,secret}`, `kube_lego_issuance_total{outcome}`,
/// `kube_lego_issuance_duration_seconds`, `kube_lego_acme_requests_total{endpoint,method,status}`,
/// `kube_lego_acme_request_duration_seconds{endpoint}`, `kube_lego_queue_depth`.
public struct ControllerMetrics: Sendable {
    /// Makes the metrics handles (cheap; handles are looked up by label in the backend).
    public init() {}

    /// Records a stored certificate.
    func recordIssued(_ secret: ObjectReference, notAfter: Date, renewal: Bool, duration: Duration) {
        certificateNotAfter(secret, notAfter)
        Counter(label: "kube_lego_issuance_total", dimensions: [("outcome", renewal ? "renewed" : "issued")]).increment()
        Metrics.Timer(label: "kube_lego_issuance_duration_seconds", preferredDisplayUnit: .seconds).record(duration: duration)
    }

    /// Records the expiry of a certificate seen in a Secret.
    public func certificateNotAfter(_ secret: ObjectReference, _ notAfter: Date) {
        Gauge(label: "kube_lego_certificate_not_after_seconds", dimensions: [("namespace", secret.namespace), ("secret", secret.name)])
            .record(notAfter.timeIntervalSince1970)
    }

    /// Records a failed issuance by outcome (self_check_failed, dns_record_failed, validation_failed, rate_limited,
    /// route_failed, failed).
    func recordFailure(outcome: String) {
        Counter(label: "kube_lego_issuance_total", dimensions: [("outcome", outcome)]).increment()
    }

    /// Records the number of Ingress keys waiting.
    /// `kube_lego_leader`: 1 while this replica leads, else 0.
    func recordLeading(_ leading: Bool) {
        Gauge(label: "kube_lego_leader").record(leading ? 1 : 0)
    }

    func recordQueueDepth(_ depth: Int) {
        Gauge(label: "kube_lego_queue_depth").record(depth)
    }

    /// An observer for `ACMEClientConfiguration.requestObserver`.
    public static let acmeRequestObserver: @Sendable (ACMERequestRecord) -> Void = { record in
        Counter(label: "kube_lego_acme_requests_total", dimensions: [
            ("endpoint", record.endpoint), ("method", record.method), ("status", record.status.map(String.init) ?? "error"),
        ]).increment()
        Metrics.Timer(label: "kube_lego_acme_request_duration_seconds", dimensions: [("endpoint", record.endpoint)],
                      preferredDisplayUnit: .seconds).record(duration: record.duration)
    }
}
