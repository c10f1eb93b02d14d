/// A coordination.k8s.io/v1 Lease, used for leader election.
public struct Lease: KubeResource {
    /// coordination.k8s.io/v1 `leases`.
    public static let resourceKind = ResourceKind.lease
    /// The whole object; unknown fields survive edits.
    public var raw: JSONObject

    /// Wraps a raw Lease.
    public init(raw: JSONObject) {
        self.raw = raw
    }

    /// `spec.holderIdentity`: who holds the lease.
    public var holderIdentity: String? {
        get { spec["holderIdentity"]?.stringValue }
        set { spec["holderIdentity"] = newValue.map(JSONValue.string) }
    }

    /// `spec.leaseDurationSeconds`.
    public var leaseDurationSeconds: Int? {
        get { spec["leaseDurationSeconds"]?.intValue }
        set { spec["leaseDurationSeconds"] = newValue.map(JSONValue.int) }
    }

    /// `spec.acquireTime` (MicroTime, RFC 3339 with microseconds; see `KubeTime`).
    public var acquireTime: String? {
        get { spec["acquireTime"]?.stringValue }
        set { spec["acquireTime"] = newValue.map(JSONValue.string) }
    }

    /// `spec.renewTime` (MicroTime).
    public var renewTime: String? {
        get { spec["renewTime"]?.stringValue }
        set { spec["renewTime"] = newValue.map(JSONValue.string) }
    }

    /// `spec.leaseTransitions`: how often the holder changed.
    public var leaseTransitions: Int? {
        get { spec["leaseTransitions"]?.intValue }
        set { spec["leaseTransitions"] = newValue.map(JSONValue.int) }
    }
}
