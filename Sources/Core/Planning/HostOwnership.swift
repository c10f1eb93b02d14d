#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import KubeLegoKube

/// Which namespace may get certificates for a host (`LEGO_HOST_POLICY`).
///
/// The original let any namespace with an annotated Ingress get a certificate and key for any host, including
/// one another namespace serves: the shared challenge route answers for every host, so the CA's check proves
/// nothing about tenants. Under `routed` (the default) a host belongs to the namespace that routes it in
/// `spec.rules[].host`; when several do, the oldest Ingress routing it wins, and a rule naming the host exactly
/// beats a wildcard rule (as ingress controllers route). `any` keeps the original's behaviour for clusters with
/// one tenant.
public enum HostPolicy: String, Sendable, CaseIterable {
    case routed
    case any
}

/// One Ingress routing one host: a claim on that host by the Ingress's namespace.
public struct HostClaim: Sendable, Equatable {
    /// The Ingress whose rule names the host.
    public var ingress: ObjectReference
    /// The rule's host, normalised.
    public var host: String
    /// `metadata.creationTimestamp`; nil sorts last.
    public var created: Date?

    /// Makes a claim.
    public init(ingress: ObjectReference, host: String, created: Date?) {
        self.ingress = ingress
        self.host = host
        self.created = created
    }

    /// Every claim `ingress` makes: one per distinct rule host.
    public static func claims(of ingress: Ingress) -> [HostClaim] {
        let reference = ObjectReference(namespace: ingress.metadata.namespace ?? "default", name: ingress.metadata.name)
        let created = ingress.metadata.creationTimestamp.flatMap(KubeTime.parse)
        let hosts = Set(ingress.rules.compactMap(\.host).map(HostNameRules.normalised).filter { !$0.isEmpty })
        return hosts.sorted().map { HostClaim(ingress: reference, host: $0, created: created) }
    }

    /// True when `self` was made before `other`. Timestamps have whole seconds; claims made in the same second
    /// are ordered by namespace and name, so every replica and every restart decides alike.
    func precedes(_ other: HostClaim) -> Bool {
        switch (created, other.created) {
        case (let a?, let b?) where a != b: return a < b
        case (.some, nil): return true
        case (nil, .some): return false
        default: break
        }
        return (ingress.namespace, ingress.name) < (other.ingress.namespace, other.ingress.name)
    }
}

/// Decides, without any I/O, whether a namespace may get a certificate for a host under `HostPolicy.routed`.
public enum HostOwnership {
    /// The refusal for ordering `host` for an Ingress in `namespace`, given every claim in the cluster (or in
    /// the watched namespace); nil when the namespace holds the host.
    public static func refusal(host: String, namespace: String, claims: [HostClaim]) -> Refusal? {
        let exact = claims.filter { $0.host == host }
        let relevant = exact.isEmpty ? claims.filter { covers(wildcard: $0.host, host: host) } : exact
        guard let holder = relevant.min(by: { $0.precedes($1) }) else {
            return .hostNotRouted(host, namespace: namespace)
        }
        return holder.ingress.namespace == namespace ? nil : .hostHeldElsewhere(host, holder: holder.ingress)
    }

    /// True when the rule host `pattern` is a wildcard (`*.example.com`) matching `host` (`a.example.com`): one
    /// label in place of the star, as Ingress wildcards match.
    static func covers(wildcard pattern: String, host: String) -> Bool {
        guard pattern.hasPrefix("*."), !host.hasPrefix("*."), let dot = host.firstIndex(of: ".") else { return false }
        return host[host.index(after: dot)...] == pattern.dropFirst(2)
    }
}
