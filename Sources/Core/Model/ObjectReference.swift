/// A namespaced Kubernetes object by name, e.g. an Ingress or a Secret.
public struct ObjectReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The namespace.
    public var namespace: String
    /// The name.
    public var name: String

    /// Makes a reference.
    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// "namespace/name", the work-queue key form.
    public var description: String { "\(namespace)/\(name)" }

    /// Orders by namespace, then name.
    public static func < (lhs: ObjectReference, rhs: ObjectReference) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}
