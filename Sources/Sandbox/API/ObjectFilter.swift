import KubeLegoKube
/// Which objects a list or watch returns: a namespace and the label and field selectors.
struct ObjectFilter: Sendable {
    /// Only objects in this namespace, or all when nil.
    var namespace: String?
    /// The `labelSelector`.
    var labels: LabelSelector?
    /// The `fieldSelector`.
    var fields: FieldSelector?

    /// Reads the selectors of a request.
    init(namespace: String?, request: SandboxRequest) throws(SandboxError) {
        self.namespace = namespace
        if let text = request.query["labelSelector"], !text.isEmpty { labels = try LabelSelector(parsing: text) }
        if let text = request.query["fieldSelector"], !text.isEmpty { fields = try FieldSelector(parsing: text) }
    }

    /// Whether the object is selected.
    func matches(_ object: SandboxObject) -> Bool {
        if let namespace, object.namespace != namespace { return false }
        if let labels, !labels.matches(object.labels) { return false }
        if let fields, !fields.matches(object) { return false }
        return true
    }
}
