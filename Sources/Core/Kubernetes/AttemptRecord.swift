#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import KubeLegoKube
import KubeLegoTLS

/// The back-off state of one certificate: how often ordering it failed in a row, when it may be tried again, why.
public struct AttemptRecord: Sendable, Equatable {
    /// Failures in a row since the last success.
    public var failures: Int
    /// The earliest time the certificate may be ordered again.
    public var nextAttempt: Date
    /// The last failure's message, truncated to `AttemptRecord.maxErrorBytes`.
    public var lastError: String

    /// The longest `lastError` kept, in UTF-8 bytes.
    public static let maxErrorBytes = 1024

    /// Makes a record; `lastError` is truncated on a character boundary.
    public init(failures: Int, nextAttempt: Date, lastError: String) {
        self.failures = failures
        self.nextAttempt = nextAttempt
        var text = lastError
        while text.utf8.count > Self.maxErrorBytes { text.removeLast() }
        self.lastError = text
    }
}

extension AttemptRecord {
    /// The ConfigMap data key for `secret`: "<namespace>.<name>" (valid: neither part holds anything but
    /// `[a-z0-9.-]`, and namespaces hold no dots), shortened with a digest when over the 253-character limit.
    static func key(for secret: ObjectReference) -> String {
        let plain = "\(secret.namespace).\(secret.name)"
        guard plain.utf8.count > 253 else { return plain }
        let digest = Digest.sha256(plain.utf8).prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "\(secret.namespace).\(secret.name.prefix(150)).\(digest.joined())"
    }

    /// The stored JSON: the Secret's namespace and name (so long keys need not be parsed), failures, next
    /// attempt (RFC 3339) and the last error.
    func encoded(for secret: ObjectReference) -> String {
        let value: JSONValue = [
            "namespace": .string(secret.namespace), "name": .string(secret.name), "failures": .int(failures),
            "nextAttempt": .string(KubeTime.format(nextAttempt)), "lastError": .string(lastError),
        ]
        return String(decoding: value.serialized(), as: UTF8.self)
    }

    /// Reads a stored value; nil when it is not a record (it is then ignored).
    static func decode(_ text: String) -> (ObjectReference, AttemptRecord)? {
        guard let object = (try? JSONValue(parsing: Array(text.utf8)))?.objectValue,
            let namespace = object["namespace"]?.stringValue, let name = object["name"]?.stringValue,
            let failures = object["failures"]?.intValue,
            let next = object["nextAttempt"]?.stringValue.flatMap(KubeTime.parse)
        else { return nil }
        let record = AttemptRecord(failures: failures, nextAttempt: next, lastError: object["lastError"]?.stringValue ?? "")
        return (ObjectReference(namespace: namespace, name: name), record)
    }
}
