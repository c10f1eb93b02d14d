#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import KubeLegoKube

/// One served TLS entry (of an Ingress, or the listeners of a Gateway sharing a Secret) as `kube-lego status` and
/// `plan` show it.
public struct CertificateReport: Sendable, Equatable {
    /// The Ingress (or Gateway, see `kind`).
    public var ingress: ObjectReference
    /// Index of the entry in `spec.tls` (Gateway: of its first listener).
    public var index: Int
    /// The Secret name (empty when the entry names none).
    public var secret: String
    /// The hosts, normalised.
    public var hosts: [String]
    /// Where it stands.
    public var state: CertificateState
    /// What the controller's next pass does, in words: the reason to order, to refuse, or when it looks again.
    public var detail: String
    /// True when the controller would place an order for it now.
    public var wouldOrder: Bool
    /// The certificate's expiry, when the Secret holds one.
    public var notAfter: Date?
    /// When the controller renews it (when valid).
    public var renewsAt: Date?
    /// The last failure's message and the next attempt, from the back-off ledger.
    public var lastFailure: String?
    public var nextAttempt: Date?
    /// The reason of the latest Warning Event about the Ingress.
    public var lastWarning: String?
    /// Ingress or Gateway.
    public var kind: SourceKind = .ingress
    /// Where the entry is in its object: `spec.tls[0]`, `spec.listeners[https,https-www]`.
    public var entryLabel: String = ""

    /// The object as tables name it: `ns/name` for an Ingress, `gateway/ns/name` for a Gateway.
    public var objectLabel: String { kind == .ingress ? "\(ingress)" : "gateway/\(ingress)" }

    /// The report as JSON (for `-o json` and `-o yaml`); dates in RFC 3339, absent values omitted.
    public var json: JSONValue {
        var object: JSONObject = [
            "namespace": .string(ingress.namespace), kind == .ingress ? "ingress" : "gateway": .string(ingress.name),
            "tlsIndex": .int(index), "entry": .string(entryLabel),
            "secret": .string(secret), "hosts": .array(hosts.map(JSONValue.string)), "state": .string(state.rawValue),
            "detail": .string(detail), "wouldOrder": .bool(wouldOrder),
        ]
        if let notAfter { object["notAfter"] = .string(KubeTime.format(notAfter)) }
        if let renewsAt { object["renewsAt"] = .string(KubeTime.format(renewsAt)) }
        if let lastFailure { object["lastFailure"] = .string(lastFailure) }
        if let nextAttempt { object["nextAttempt"] = .string(KubeTime.format(nextAttempt)) }
        if let lastWarning { object["lastWarning"] = .string(lastWarning) }
        return .object(object)
    }
}
