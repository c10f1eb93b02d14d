/// The kinds of object that ask kube-lego for certificates: Ingresses (`spec.tls`) and Gateways (listeners
/// with `tls.certificateRefs`). Both go through the same planner, issuer, ledger, Events and metrics.
public enum SourceKind: String, Sendable, Hashable, CaseIterable {
    case ingress = "Ingress"
    case gateway = "Gateway"

    /// The `apiVersion` Events name the object with.
    public var apiVersion: String {
        switch self {
        case .ingress: "networking.k8s.io/v1"
        case .gateway: "gateway.networking.k8s.io/v1"
        }
    }

    /// Where in the object an entry comes from, for messages: `spec.tls[0]`, `spec.listeners[https]`.
    func entryLabel(_ index: Int, listeners: [String]) -> String {
        switch self {
        case .ingress: "spec.tls[\(index)]"
        case .gateway: "spec.listeners[\(listeners.joined(separator: ","))]"
        }
    }
}

/// An object asking for certificates: the work-queue key of the controller.
public struct SourceKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Ingress or Gateway.
    public var kind: SourceKind
    /// Its namespace and name.
    public var object: ObjectReference

    /// Makes a key.
    public init(_ kind: SourceKind, _ object: ObjectReference) {
        self.kind = kind
        self.object = object
    }

    /// "Ingress ns/name", as messages name the object.
    public var description: String { "\(kind.rawValue) \(object)" }

    /// Orders by kind, then namespace and name.
    public static func < (lhs: SourceKey, rhs: SourceKey) -> Bool {
        (lhs.kind.rawValue, lhs.object) < (rhs.kind.rawValue, rhs.object)
    }
}

extension ObjectEvent {
    /// Makes an Event about the object `key` names.
    public static func about(_ key: SourceKey, _ severity: Severity, _ reason: String, _ message: String) -> ObjectEvent {
        ObjectEvent(regarding: key.object, kind: key.kind.rawValue, apiVersion: key.kind.apiVersion,
                    severity: severity, reason: reason, message: message)
    }
}
