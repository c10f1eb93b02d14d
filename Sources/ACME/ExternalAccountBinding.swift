#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoBasics
import KubeLegoTLS

/// The credentials a CA issues for external account binding (RFC 8555 §7.3.4): a key id and an HMAC key.
public struct ExternalAccountBinding: Sendable, CustomStringConvertible {
    /// The key identifier the CA issued.
    public let keyID: String
    /// The raw HMAC key (secret; never printed).
    let macKey: [UInt8]

    /// Makes a binding from the key id and the HMAC key as the CA hands it out: base64url, padding optional.
    public init(keyID: String, macKeyBase64URL: String) throws(ACMEError) {
        guard !keyID.isEmpty else { throw ACMEError(.externalAccountBinding, "the external account key id is empty") }
        let trimmed = macKeyBase64URL.trimmed()
        guard let key = Base64URL.decode(trimmed), !key.isEmpty else {
            throw ACMEError(.externalAccountBinding, "the external account HMAC key for key id \(keyID) is not valid base64url")
        }
        self.keyID = keyID
        self.macKey = key
    }

    /// Names the key id only; the HMAC key is secret.
    public var description: String { "ExternalAccountBinding(keyID: \(keyID))" }
}
