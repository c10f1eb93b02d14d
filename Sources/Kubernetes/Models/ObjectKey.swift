/// Identifies an object within one resource kind: `namespace/name`, or `name` when cluster-scoped.
public struct ObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The namespace, nil for cluster-scoped objects.
    public var namespace: String?
    /// The object's name.
    public var name: String

    /// A key for `name` in `namespace`.
    public init(namespace: String?, name: String) {
        self.namespace = namespace.flatMap { $0.isEmpty ? nil : $0 }
        self.name = name
    }

    /// `namespace/name` or `name`.
    public var description: String { namespace.map { "\($0)/\(name)" } ?? name }

    /// Orders by namespace, then name.
    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace ?? "", lhs.name) < (rhs.namespace ?? "", rhs.name)
    }
}
