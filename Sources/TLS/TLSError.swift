/// The one error type of KubeLegoTLS: a code to branch on and a human reason that never holds key material.
public struct TLSError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is.
    public enum Code: Sendable, Equatable {
        /// The input was empty (or only whitespace).
        case emptyInput
        /// The text is not well-formed PEM, or holds the wrong kind of block.
        case invalidPEM
        /// The private key is protected by a passphrase; kube-lego never asks for one.
        case encryptedKey
        /// The key is of an algorithm, curve or size this module does not use.
        case unsupportedKey
        /// OpenSSL could not generate a key.
        case keyGeneration
        /// OpenSSL could not sign.
        case signing
        /// A certificate identifier (DNS name or IP address) is empty or malformed.
        case invalidIdentifier
        /// The bytes are not a well-formed X.509 certificate.
        case invalidCertificate
        /// A private key and a certificate do not belong together.
        case keyMismatch
        /// Any other OpenSSL failure.
        case openSSL
    }

    /// What kind of failure this is.
    public let code: Code
    /// Human text naming the object concerned and, where relevant, OpenSSL's error queue; never key material.
    public let reason: String

    /// Makes an error from a code and a human reason.
    public init(code: Code, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The code and the reason on one line.
    public var description: String { "TLSError.\(code): \(reason)" }
}
