/// Where trust for TLS servers comes from.
public enum TrustRoots: Sendable {
    /// The operating system's CA bundle (libcurl's built-in default).
    case system
    /// CA certificates given as PEM text in memory; with `replacingSystem` only these are trusted, otherwise
    /// they are trusted in addition to the system bundle.
    case pem(String, replacingSystem: Bool)
    /// CA certificates read from a PEM file when the client is made; `replacingSystem` as for `.pem`.
    case file(String, replacingSystem: Bool)
}

extension TrustRoots: CustomStringConvertible {
    /// The kind of trust without the PEM text.
    public var description: String {
        switch self {
        case .system: "system"
        case .pem(let pem, let replacing): "pem(\(pem.utf8.count) bytes, replacingSystem: \(replacing))"
        case .file(let path, let replacing): "file(\(path), replacingSystem: \(replacing))"
        }
    }
}
