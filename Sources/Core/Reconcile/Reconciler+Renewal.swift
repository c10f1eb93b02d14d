#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoACME
import KubeLegoKube

/// A Secret as read for planning: the planner's facts and its leaf certificate's ARI identifier (RFC 9773 §4.1;
/// nil without a certificate or an authority key identifier), which is all ARI and `replaces` need of it.
struct InspectedSecret: Sendable {
    var facts: SecretFacts
    var renewalIdentifier: String?

    /// The facts of `secret`, whose data it parses (certificate and key).
    init(_ secret: Secret, annotationKey: String) {
        facts = SecretInspector.facts(of: secret, annotationKey: annotationKey)
        renewalIdentifier = SecretInspector.leaf(of: secret).flatMap { try? ACMEClient.renewalIdentifier(for: $0) }
    }
}

/// ACME Renewal Information (RFC 9773) in the reconcile pass: the window is a fact fetched here, so the planner
/// stays pure, and a renewal names the certificate it replaces.
extension Reconciler {
    /// The Secret's facts, with the CA's suggested renewal window filled in when it matters (the Secret holds a
    /// certificate kube-lego issued from the configured directory that the minimum-validity rule would keep),
    /// and when to ask the CA again (its Retry-After), so a moved window is seen in time. The CA is not asked
    /// about certificates that are ordered anyway.
    func withRenewalWindow(
        _ inspected: InspectedSecret?, desired: DesiredCertificate, planner: Planner, now: Date
    ) async -> (facts: SecretFacts?, askAgainAt: Date?) {
        guard var facts = inspected?.facts else { return (nil, nil) }
        guard let identifier = inspected?.renewalIdentifier, issuedHere(facts),
              case .upToDate = planner.plan(desired, secret: facts, now: now)
        else {
            return (facts, nil)
        }
        let suggestion = await renewalWindows.suggestion(forIdentifier: identifier, now: now)
        facts.renewalWindow = suggestion?.window
        return (facts, suggestion?.refreshAt)
    }

    /// The ARI identifier of the certificate a renewal replaces (RFC 9773 §5), sent with the new order; nil for
    /// first issuances and for certificates from another directory (the CA would not know them).
    func replaces(_ inspected: InspectedSecret?, reason: IssueReason) -> String? {
        guard reason.isRenewal, let inspected, issuedHere(inspected.facts) else { return nil }
        return inspected.renewalIdentifier
    }

    /// True when the Secret is kube-lego's and its certificate came from the configured directory.
    private func issuedHere(_ facts: SecretFacts) -> Bool {
        facts.managedByKubeLego && facts.issuingDirectory == environment.configuration.acmeDirectoryURL
    }
}
