/// A Kubernetes Event to record about an object.
public struct ObjectEvent: Sendable, Hashable {
    /// Normal or Warning, as Kubernetes types Events.
    public enum Severity: String, Sendable, Hashable {
        case normal = "Normal"
        case warning = "Warning"
    }

    /// The object the Event is about.
    public var regarding: ObjectReference
    /// Its kind, e.g. "Ingress".
    public var kind: String
    /// Its API version, e.g. "networking.k8s.io/v1".
    public var apiVersion: String
    /// Normal or Warning.
    public var severity: Severity
    /// A short CamelCase reason, e.g. "CertificateIssued".
    public var reason: String
    /// A sentence for people.
    public var message: String

    /// Makes an Event about an Ingress.
    public static func ingress(_ ingress: ObjectReference, _ severity: Severity, _ reason: String, _ message: String) -> ObjectEvent {
        ObjectEvent(regarding: ingress, kind: "Ingress", apiVersion: "networking.k8s.io/v1", severity: severity, reason: reason, message: message)
    }

    /// Makes an Event.
    public init(regarding: ObjectReference, kind: String, apiVersion: String, severity: Severity, reason: String, message: String) {
        self.regarding = regarding
        self.kind = kind
        self.apiVersion = apiVersion
        self.severity = severity
        self.reason = reason
        self.message = message
    }
}

/// Records Events; implementations de-duplicate and rate-limit so a stuck object cannot flood the cluster.
public protocol EventSink: Sendable {
    /// Records `event`. Never throws: failures to record are logged.
    func emit(_ event: ObjectEvent) async
}
