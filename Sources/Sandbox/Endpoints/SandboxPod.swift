/// A fake pod for the sandbox's endpoints controller: a process on loopback standing in for a Pod.
///
/// The sandbox runs no Pods; a `SandboxPod` says "something with these labels listens at address:port".
/// A Service whose selector matches its labels gets it in its Endpoints, with `port` for every Service port
/// (a fake pod has one port, so numeric and named `targetPort`s both resolve to it).
public struct SandboxPod: Sendable, Hashable {
    /// The pod's name, unique in its namespace (the registry replaces a pod of the same namespace/name).
    public var name: String
    /// The namespace whose Services may select it.
    public var namespace: String
    /// Its labels, matched against Service selectors.
    public var labels: [String: String]
    /// Where it listens.
    public var address: String
    /// The port it listens on.
    public var port: Int

    /// A pod; `name` defaults to one derived from address and port.
    public init(name: String? = nil, namespace: String, labels: [String: String], address: String = "127.0.0.1", port: Int) {
        self.name = name ?? "pod-\(address)-\(port)"
        self.namespace = namespace
        self.labels = labels
        self.address = address
        self.port = port
    }

    /// Whether a Service selector (non-empty) selects this pod.
    func isSelected(by selector: [String: String]) -> Bool {
        !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }
    }
}
