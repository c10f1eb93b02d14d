#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoBasics
import KubeLegoKube
import KubeLegoTLS

/// What an account Secret holds: the key, and the account URL and directory when recorded.
struct AccountSecretContents {
    /// The legacy key of kube-lego versions before 0.1.3: JSON with the account URL in `uri`.
    static let legacyRegistrationKey = "acme-registration.json"

    /// The account key.
    let key: PrivateKey
    /// The account URL (`acme-registration-url`, or `uri` of the legacy JSON).
    let url: String?
    /// The directory the account belongs to; nil in Secrets written by the original kube-lego.
    let directory: String?

    /// Reads `secret`; throws `.account` when `tls.key` is missing or unreadable (nothing about the key is quoted).
    init(_ secret: Secret, subject: String) throws(CoreError) {
        guard let keyBytes = secret.data[Markers.accountKeyKey], !keyBytes.isEmpty else {
            throw CoreError(
                .account, "the account Secret has no \(Markers.accountKeyKey); fix it or delete the Secret to register a new account",
                subject: subject)
        }
        do {
            key = try PrivateKey(pem: String(decoding: keyBytes, as: UTF8.self))
        } catch {
            throw CoreError(
                .account, "the account key in \(Markers.accountKeyKey) is unreadable (\(error.code)); fix it or delete the Secret to register a new account",
                subject: subject)
        }
        url = Self.text(secret.data[Markers.accountURLKey]) ?? Self.legacyURL(secret.data[Self.legacyRegistrationKey])
        directory = Self.text(secret.data[Markers.accountDirectoryKey])
    }

    /// Writes the URL, directory, managed label and (when given) key into `secret`, keeping its other contents.
    static func fill(_ secret: inout Secret, url: String, directory: String, keyPEM: String?) {
        if secret.type == nil { secret.type = "Opaque" }
        if let keyPEM { secret.data[Markers.accountKeyKey] = Array(keyPEM.utf8) }
        secret.data[Markers.accountURLKey] = Array(url.utf8)
        secret.data[Markers.accountDirectoryKey] = Array(directory.utf8)
        secret.metadata.labels[Markers.managedByLabel] = Markers.managedByValue
    }

    private static func text(_ bytes: [UInt8]?) -> String? {
        guard let bytes else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).trimmed()
        return text.isEmpty ? nil : text
    }

    private static func legacyURL(_ bytes: [UInt8]?) -> String? {
        guard let bytes, let value = try? JSONValue(parsing: bytes) else { return nil }
        return value.objectValue?["uri"]?.stringValue
    }
}
