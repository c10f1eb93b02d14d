/// One `spec.tls` entry of an enabled Ingress: the certificate it asks for.
public struct DesiredCertificate: Sendable, Hashable {
    /// The Ingress the entry belongs to.
    public var ingress: ObjectReference
    /// Position of the entry in `spec.tls`, for messages.
    public var index: Int
    /// The Secret the certificate goes into (same namespace as the Ingress); empty when the entry names none.
    public var secretName: String
    /// The hosts, normalised (lowercased, one trailing dot dropped), empty ones and duplicates dropped, in the
    /// order the entry lists them. Not validated: the planner refuses hosts that break `HostNameRules`.
    public var hosts: [String]

    /// Makes a desired certificate; hosts are normalised here so every comparison sees the same form.
    public init(ingress: ObjectReference, index: Int, secretName: String, hosts: [String]) {
        self.ingress = ingress
        self.index = index
        self.secretName = secretName
        var seen = Set<String>()
        self.hosts = hosts.map(HostNameRules.normalised).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// The Secret as a reference.
    public var secret: ObjectReference { ObjectReference(namespace: ingress.namespace, name: secretName) }
}
