#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What the planner decided for one desired certificate.
public enum PlanAction: Sendable, Equatable {
    /// Nothing to do; look again at `recheckAt` (when the certificate enters its renewal window).
    case upToDate(recheckAt: Date)
    /// Order a certificate, for this reason.
    case issue(IssueReason)
    /// Do not order: the entry or the Secret is in a state we refuse to touch. Reported as a Warning Event.
    case refuse(Refusal)
}

/// Why a certificate is ordered.
public enum IssueReason: Sendable, Equatable, CustomStringConvertible {
    case secretMissing
    case noCertificate
    case unreadableCertificate
    case hostsNotCovered(missing: [String])
    case keyMismatch
    case directoryChanged(from: String, to: String)
    case expiresSoon(notAfter: Date)
    /// The CA's suggested renewal window (ARI, RFC 9773) says to renew now: its randomly placed moment for this
    /// certificate has come, or the window began or ended already (e.g. the CA is revoking the certificate).
    case ariWindow(start: Date, end: Date)

    /// A sentence for logs and Events.
    public var description: String {
        switch self {
        case .secretMissing: "the Secret does not exist"
        case .noCertificate: "the Secret holds no certificate"
        case .unreadableCertificate: "the certificate in the Secret cannot be read"
        case .hostsNotCovered(let missing): "the certificate does not cover \(missing.joined(separator: ", "))"
        case .keyMismatch: "tls.key does not match the certificate"
        case .directoryChanged(let from, let to): "the certificate was issued by \(from), not by \(to)"
        case .expiresSoon(let notAfter): "the certificate expires at \(notAfter.formatted(.iso8601))"
        case .ariWindow(let start, let end):
            "the CA suggests renewing between \(start.formatted(.iso8601)) and \(end.formatted(.iso8601)) (ACME renewal information)"
        }
    }

    /// True when this is a renewal of a certificate we issued, rather than a first issuance.
    public var isRenewal: Bool {
        switch self {
        case .expiresSoon, .ariWindow: true
        default: false
        }
    }
}

/// Why the planner refuses to order.
public enum Refusal: Sendable, Equatable, CustomStringConvertible {
    /// The entry lists no hosts (an entry for the ingress controller's default certificate).
    case noHosts
    /// A host breaks a rule the CA would enforce.
    case invalidHost(String, HostNameProblem)
    case noSecretName
    /// `secretName` is not a name a Secret can have; found out before the CA is asked, not after it issued.
    case invalidSecretName(String, problem: String)
    /// `LEGO_HOST_POLICY=routed`: no Ingress in the entry's namespace routes the host in `spec.rules`.
    case hostNotRouted(String, namespace: String)
    /// `LEGO_HOST_POLICY=routed`: another namespace routed the host first and holds it.
    case hostHeldElsewhere(String, holder: ObjectReference)
    case secretWrongType(String)
    case secretNotOurs
    case secretSharedWithDifferentHosts(ingresses: [ObjectReference])
    /// The Ingress names a challenge method this binary does not have, or whose settings are not given.
    case challengeMethodUnavailable(String, configured: [String])
    /// The Ingress names a challenge method that cannot validate these hosts (HTTP-01 and a wildcard).
    case challengeMethodCannotValidate(String, hosts: [String])
    /// No configured challenge method can validate these hosts.
    case noChallengeMethod(hosts: [String], configured: [String])

    /// A sentence for logs and Events.
    public var description: String {
        switch self {
        case .noHosts: "the TLS entry lists no hosts, so there is nothing to order a certificate for"
        case .invalidHost(let host, let problem): "host \(HostNameRules.quoted(host)) cannot be ordered: \(problem)"
        case .noSecretName: "the TLS entry names no secretName"
        case .invalidSecretName(let name, let problem):
            "secretName \(HostNameRules.quoted(name)) is not a valid Secret name: \(problem)"
        case .hostNotRouted(let host, let namespace):
            "host \(host) is not routed by any Ingress in namespace \(namespace) (spec.rules[].host); with "
                + "LEGO_HOST_POLICY=routed a namespace gets certificates only for hosts it routes"
        case .hostHeldElsewhere(let host, let holder):
            "host \(host) is held by namespace \(holder.namespace) (Ingress \(holder), the oldest to route it); with "
                + "LEGO_HOST_POLICY=routed only that namespace gets certificates for it"
        case .secretWrongType(let type):
            "the Secret has type \(type), not kubernetes.io/tls; its type cannot change, so no certificate is ordered"
        case .secretNotOurs:
            "the Secret already holds a certificate that kube-lego did not issue; delete the Secret (or its tls.crt) to let kube-lego manage it"
        case .secretSharedWithDifferentHosts(let ingresses):
            "the Secret is named by TLS entries with different hosts in \(ingresses.map(\.description).joined(separator: ", "))"
        case .challengeMethodUnavailable(let method, let configured):
            "the Ingress asks for challenge method \(method), which is not configured (configured: "
                + "\(configured.joined(separator: ", "))); set its settings or change the \(Configuration.challengeAnnotation) annotation"
        case .challengeMethodCannotValidate(let method, let hosts):
            "challenge method \(method) cannot validate \(hosts.joined(separator: ", "))"
                + (hosts.contains { $0.hasPrefix("*.") } ? " (wildcard hosts need DNS-01)" : "")
        case .noChallengeMethod(let hosts, let configured):
            "no configured challenge method (\(configured.joined(separator: ", "))) can validate \(hosts.joined(separator: ", "))"
                + (hosts.contains { $0.hasPrefix("*.") } ? "; wildcard hosts need a DNS-01 method configured" : "")
        }
    }

    /// A short CamelCase reason for Kubernetes Events.
    public var eventReason: String {
        switch self {
        case .noHosts: "NoHosts"
        case .invalidHost: "InvalidHost"
        case .noSecretName: "MissingSecretName"
        case .invalidSecretName: "InvalidSecretName"
        case .hostNotRouted: "HostNotRouted"
        case .hostHeldElsewhere: "HostHeldElsewhere"
        case .secretWrongType: "SecretWrongType"
        case .secretNotOurs: "SecretNotManaged"
        case .secretSharedWithDifferentHosts: "SecretConflict"
        case .challengeMethodUnavailable: "ChallengeMethodUnavailable"
        case .challengeMethodCannotValidate, .noChallengeMethod: "NoChallengeMethod"
        }
    }
}
