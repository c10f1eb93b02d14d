#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import KubeLegoKube

/// Turns a `ClusterSnapshot` into one report per served TLS entry, deciding each with `EntryDecision` exactly as
/// the controller would at `now`. Pure.
public enum Inspection {
    /// The reports, ordered by namespace, Ingress and entry.
    public static func reports(
        _ snapshot: ClusterSnapshot, configuration: Configuration, providerNames: Set<String>, namespace: String?, now: Date
    ) -> [CertificateReport] {
        let intents = (snapshot.ingresses.map { IngressIntent($0, configuration: configuration, providerNames: providerNames) }
            + snapshot.gateways.map { IngressIntent($0, configuration: configuration) })
            .filter { $0.isServed(by: configuration) }
        let claims = snapshot.ingresses.flatMap(HostClaim.claims) + snapshot.gateways.flatMap(HostClaim.claims)
        var reports: [CertificateReport] = []
        for (ns, group) in Dictionary(grouping: intents, by: \.ingress.namespace) where namespace == nil || ns == namespace {
            let conflicts = SecretConflicts.find(in: group.flatMap(\.certificates))
            let context = EntryDecision.Context(
                planner: Planner(minimumValidity: configuration.minimumValidity, directoryURL: configuration.acmeDirectoryURL),
                conflicts: conflicts, hostPolicy: configuration.hostPolicy, claims: { claims })
            for intent in group {
                for desired in intent.certificates {
                    reports.append(report(desired, snapshot: snapshot, context: context, now: now))
                }
            }
        }
        return reports.sorted {
            ($0.ingress.namespace, $0.kind.rawValue, $0.ingress.name, $0.index) < ($1.ingress.namespace, $1.kind.rawValue, $1.ingress.name, $1.index)
        }
    }

    private static func report(
        _ desired: DesiredCertificate, snapshot: ClusterSnapshot, context: EntryDecision.Context, now: Date
    ) -> CertificateReport {
        let facts = snapshot.secrets[desired.secret]
        let record = snapshot.ledger[desired.secret]
        let decision = EntryDecision.decide(
            desired, secret: facts, notBefore: record?.nextAttempt, context: context, now: now)
        var report = CertificateReport(
            ingress: desired.ingress, index: desired.index, secret: desired.secretName, hosts: desired.hosts,
            state: .valid, detail: "", wouldOrder: false, notAfter: facts?.certificate?.notAfter,
            lastFailure: record?.lastError.isEmpty == false ? record?.lastError : nil,
            nextAttempt: record.map(\.nextAttempt).flatMap { $0 > now ? $0 : nil },
            lastWarning: snapshot.lastWarnings[desired.source], kind: desired.kind, entryLabel: desired.entryLabel)
        switch decision {
        case .refuse(let refusal):
            report.state = .refused
            report.detail = "\(refusal.eventReason): \(refusal)"
        case .upToDate(let recheckAt):
            report.state = .valid
            report.renewsAt = recheckAt
            report.detail = "renews at \(KubeTime.format(recheckAt))"
        case .backingOff(let until, let reason):
            report.state = .backingOff
            report.detail = "\(reason); next attempt at \(KubeTime.format(until))"
        case .issue(let reason):
            report.wouldOrder = true
            report.detail = reason.description
            switch reason {
            case .secretMissing, .noCertificate: report.state = .missing
            default: report.state = .renewalDue
            }
        }
        if snapshot.inFlight.contains(desired.secret), report.state != .refused {
            report.state = .issuing
            report.wouldOrder = false
            report.detail = "an order is in flight (\(report.detail))"
        }
        return report
    }
}
