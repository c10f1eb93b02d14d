import Foundation

/// The server-assigned stamps of new objects: uids, creation timestamps and generateName suffixes.
struct ObjectStamps: Sendable {
    /// A new random uid (lowercase UUID).
    func uid() -> String { UUID().uuidString.lowercased() }

    /// Now, RFC 3339 with second precision and a `Z`, as `metav1.Time` serializes.
    func timestamp() -> String { Date().formatted(.iso8601) }

    /// A random 5-character suffix from the alphabet the real server uses (no vowels, no look-alikes).
    func nameSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }
}
