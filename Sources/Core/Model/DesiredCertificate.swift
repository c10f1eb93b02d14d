/// One `spec.tls` entry of an enabled Ingress, or the listeners of an enabled Gateway that share one
/// certificate Secret: the certificate it asks for.
public struct DesiredCertificate: Sendable, Hashable {
    /// The Ingress (or Gateway, see `kind`) the entry belongs to.
    public var ingress: ObjectReference
    /// Ingress or Gateway.
    public var kind: SourceKind
    /// Position of the entry in `spec.tls` (Gateway: of its first listener in `spec.listeners`), for messages.
    public var index: Int
    /// The names of the Gateway listeners the entry unites; empty for an Ingress.
    public var listeners: [String]
    /// The Secret the certificate goes into (same namespace as the Ingress); empty when the entry names none.
    public var secretName: String
    /// The hosts, normalised (lowercased, one trailing dot dropped), empty ones and duplicates dropped, in the
    /// order the entry lists them. Not validated: the planner refuses hosts that break `HostNameRules`.
    public var hosts: [String]

    /// Makes a desired certificate; hosts are normalised here so every comparison sees the same form.
    public init(
        ingress: ObjectReference, index: Int, secretName: String, hosts: [String], kind: SourceKind = .ingress,
        listeners: [String] = []
    ) {
        self.ingress = ingress
        self.kind = kind
        self.index = index
        self.listeners = listeners
        self.secretName = secretName
        var seen = Set<String>()
        self.hosts = hosts.map(HostNameRules.normalised).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// The object the entry belongs to, with its kind.
    public var source: SourceKey { SourceKey(kind, ingress) }

    /// Where the entry is in its object, for messages: `spec.tls[0]` or `spec.listeners[https,admin]`.
    public var entryLabel: String { kind.entryLabel(index, listeners: listeners) }

    /// The Secret as a reference.
    public var secret: ObjectReference { ObjectReference(namespace: ingress.namespace, name: secretName) }
}
