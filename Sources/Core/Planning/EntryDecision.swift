#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What to do about one TLS entry, all rules applied in the order the controller applies them: the entry's own
/// validity, Secret conflicts, the Secret's state (the planner), the durable back-off, and host ownership.
/// Pure: the controller acts on it and `kube-lego plan` and `status` print it, so they can never disagree.
public enum EntryDecision: Sendable, Equatable {
    /// Order nothing; report this.
    case refuse(Refusal)
    /// The certificate is valid; look again at `recheckAt`.
    case upToDate(recheckAt: Date)
    /// It needs an order, but the last failure's back-off lasts until `until`.
    case backingOff(until: Date, reason: IssueReason)
    /// Order it now (the challenge method is chosen at order time).
    case issue(IssueReason)

    /// What the decision needs besides the entry and its Secret.
    public struct Context: Sendable {
        /// The planner (minimum validity, directory).
        public var planner: Planner
        /// Secrets named by TLS entries with different hosts, with the Ingresses involved.
        public var conflicts: [ObjectReference: [ObjectReference]]
        /// `LEGO_HOST_POLICY`.
        public var hostPolicy: HostPolicy
        /// The host claims that can decide who holds a host: every claim the controller sees, or only those
        /// naming the host or a wildcard covering it (`HostOwnership` looks at no others); asked for only when an
        /// order is about to be placed.
        public var claims: @Sendable (_ host: String) -> [HostClaim]

        /// Makes a context from every host claim.
        public init(
            planner: Planner, conflicts: [ObjectReference: [ObjectReference]], hostPolicy: HostPolicy,
            claims: @escaping @Sendable () -> [HostClaim]
        ) {
            self.init(planner: planner, conflicts: conflicts, hostPolicy: hostPolicy, claimsFor: { _ in claims() })
        }

        /// Makes a context from the claims per host (an index, so one decision does not walk every claim).
        public init(
            planner: Planner, conflicts: [ObjectReference: [ObjectReference]], hostPolicy: HostPolicy,
            claimsFor: @escaping @Sendable (_ host: String) -> [HostClaim]
        ) {
            self.planner = planner
            self.conflicts = conflicts
            self.hostPolicy = hostPolicy
            self.claims = claimsFor
        }
    }

    /// The decision for `desired`, whose Secret has `secret` facts (nil: absent), with back-off until
    /// `notBefore` (nil: none), at `now`.
    public static func decide(
        _ desired: DesiredCertificate, secret: SecretFacts?, notBefore: Date?, context: Context, now: Date
    ) -> EntryDecision {
        if let refusal = Planner.refusal(of: desired) { return .refuse(refusal) }
        if let involved = context.conflicts[desired.secret] { return .refuse(.secretSharedWithDifferentHosts(ingresses: involved)) }
        switch context.planner.plan(desired, secret: secret, now: now) {
        case .refuse(let refusal): return .refuse(refusal)
        case .upToDate(let recheckAt): return .upToDate(recheckAt: recheckAt)
        case .issue(let reason):
            if let notBefore, notBefore > now { return .backingOff(until: notBefore, reason: reason) }
            if context.hostPolicy == .routed {
                for host in desired.hosts {
                    if let refusal = HostOwnership.refusal(host: host, namespace: desired.ingress.namespace, claims: context.claims(host)) {
                        return .refuse(refusal)
                    }
                }
            }
            return .issue(reason)
        }
    }
}
