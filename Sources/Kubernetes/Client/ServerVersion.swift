/// What `GET /version` reports.
public struct ServerVersion: Sendable, Hashable {
    /// e.g. `v1.32.0`.
    public var gitVersion: String
    /// e.g. `1`.
    public var major: String
    /// e.g. `32`.
    public var minor: String
}
