#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import KubeLegoHTTP
import KubeLegoKube

/// Decides, without any I/O, whether a desired certificate needs an order.
///
/// Input is facts gathered by the reconciler, the time, and configuration; the same input always gives the
/// same action, so restarts never cause re-orders of a valid certificate.
public struct Planner: Sendable {
    /// Renew when less validity than this is left.
    public var minimumValidity: Duration
    /// The directory certificates should come from.
    public var directoryURL: String
    /// Makes a planner.
    public init(minimumValidity: Duration, directoryURL: String) {
        self.minimumValidity = minimumValidity
        self.directoryURL = directoryURL
    }

    /// The action for `desired`, given the Secret's facts (nil when it does not exist) at `now`. A valid
    /// certificate renews at `renewalTime(of:)`, or earlier inside the CA's suggested window when the facts carry
    /// one (`SecretFacts.renewalWindow`, ARI): then `upToDate(recheckAt:)` is that moment and the reason
    /// `ariWindow`.
    public func plan(_ desired: DesiredCertificate, secret: SecretFacts?, now: Date) -> PlanAction {
        if let refusal = Self.refusal(of: desired) { return .refuse(refusal) }
        guard let secret else { return .issue(.secretMissing) }
        guard secret.type == "kubernetes.io/tls" else { return .refuse(.secretWrongType(secret.type)) }
        if !secret.managedByKubeLego && secret.hasCertificateData {
            return .refuse(.secretNotOurs)
        }
        guard secret.hasCertificateData else { return .issue(.noCertificate) }
        guard let certificate = secret.certificate else { return .issue(.unreadableCertificate) }
        let missing = desired.hosts.filter { !certificate.names.contains($0) }
        if !missing.isEmpty { return .issue(.hostsNotCovered(missing: missing)) }
        if secret.keyMatchesCertificate == false { return .issue(.keyMismatch) }
        if let issuer = secret.issuingDirectory, issuer != directoryURL {
            return .issue(.directoryChanged(from: issuer, to: directoryURL))
        }
        let renewAt = renewalTime(of: certificate)
        if now >= renewAt { return .issue(.expiresSoon(notAfter: certificate.notAfter)) }
        guard let window = secret.renewalWindow else { return .upToDate(recheckAt: renewAt) }
        let suggested = renewalTime(of: certificate, window: window, now: now)
        if now >= suggested { return .issue(.ariWindow(start: window.start, end: window.end)) }
        return .upToDate(recheckAt: suggested)
    }

    /// Why the entry itself can never be ordered, whatever its Secret holds: no hosts, a host the CA would
    /// refuse, no or an invalid `secretName`. The reconciler asks this before it reads the Secret.
    public static func refusal(of desired: DesiredCertificate) -> Refusal? {
        guard !desired.hosts.isEmpty else { return .noHosts }
        for host in desired.hosts {
            if let problem = HostNameRules.problem(in: host) { return .invalidHost(host, problem) }
        }
        guard !desired.secretName.isEmpty else { return .noSecretName }
        if let problem = ObjectNameRules.dns1123SubdomainProblem(desired.secretName) {
            return .invalidSecretName(desired.secretName, problem: problem)
        }
        return nil
    }

    /// When a certificate enters its renewal window: `minimumValidity` before it expires, but never earlier
    /// than two thirds into its lifetime. Without that bound a certificate shorter-lived than the minimum
    /// validity (Let's Encrypt's 6-day profile against the 30-day default) would be re-ordered the moment it
    /// was stored, forever.
    public func renewalTime(of certificate: CertificateFacts) -> Date {
        let lifetime = certificate.notAfter.timeIntervalSince(certificate.notBefore)
        let before = min(minimumValidity.seconds, max(lifetime, 0) / 3)
        return certificate.notAfter.addingTimeInterval(-before)
    }

    /// When a certificate renews given the CA's suggested window (ARI, RFC 9773), if any: the point inside the
    /// window that its serial number picks (`RenewalWindow.moment(forSerial:)`), at once (`now`) when the window
    /// has already begun or ended, and never later than `renewalTime(of:)`, so a CA suggesting a late window
    /// cannot make kube-lego renew later than the minimum-validity rule would.
    public func renewalTime(of certificate: CertificateFacts, window: RenewalWindow?, now: Date) -> Date {
        let rule = renewalTime(of: certificate)
        guard let window else { return rule }
        let suggested = window.start <= now ? now : window.moment(forSerial: certificate.serialNumber)
        return min(rule, suggested)
    }
}
