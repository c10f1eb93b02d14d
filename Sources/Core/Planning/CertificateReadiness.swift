#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Whether a desired certificate counts as ready, for `kube_lego_certificate_ready`: its Secret holds a valid
/// certificate of ours covering its hosts, and kube-lego is neither refusing it nor failing to issue it.
public enum CertificateReadiness {
    /// Ready for an up-to-date certificate; not for a refusal; for an order, only while it renews a certificate
    /// that is still valid at `now` and whose issuance is not `failing` (a failure recorded since the last
    /// success). A missing, empty or unreadable Secret, uncovered hosts or a foreign key are never ready.
    public static func isReady(_ action: PlanAction, secret: SecretFacts?, failing: Bool, now: Date) -> Bool {
        switch action {
        case .upToDate: true
        case .refuse: false
        case .issue(let reason):
            reason.isRenewal && !failing && (secret?.certificate?.notAfter).map { $0 > now } == true
        }
    }
}
