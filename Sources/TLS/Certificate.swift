#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Facts about one X.509 certificate, read once from its DER (which it keeps).
public struct Certificate: Sendable, Equatable {
    /// The certificate's DER encoding.
    public let der: [UInt8]
    /// Start of the validity period.
    public let notBefore: Date
    /// End of the validity period.
    public let notAfter: Date
    /// subjectAltName dNSName entries, in order.
    public let dnsNames: [String]
    /// subjectAltName iPAddress entries as text (IPv6 in RFC 5952 compressed form), in order.
    public let ipAddresses: [String]
    /// The subject's commonName, if any.
    public let subjectCommonName: String?
    /// The issuer's commonName, if any.
    public let issuerCommonName: String?
    /// The serial number in lowercase hex without leading zero bytes ("-" first if negative).
    public let serialNumberHex: String
    /// Lowercase hex of SHA-256 over the DER: the certificate's fingerprint.
    public let sha256Fingerprint: String
    /// Whether basicConstraints says cA.
    public let isCA: Bool

    /// Reads a DER certificate; `.emptyInput` for no bytes, `.invalidCertificate` for anything but one certificate.
    public init(der: [UInt8]) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        let x509 = try X509Handle(der: der)
        let facts = try X509Facts(x509)
        self.der = der
        notBefore = facts.notBefore
        notAfter = facts.notAfter
        dnsNames = facts.dnsNames
        ipAddresses = facts.ipAddresses
        subjectCommonName = facts.subjectCommonName
        issuerCommonName = facts.issuerCommonName
        serialNumberHex = facts.serialNumberHex
        isCA = facts.isCA
        sha256Fingerprint = Digest.sha256(der).hexString
    }

    /// Reads PEM text holding exactly one CERTIFICATE block.
    public init(pem: String) throws(TLSError) {
        let blocks = try PEMBlock.parseAll(pem)
        guard blocks.count == 1, let block = blocks.first, block.label == "CERTIFICATE" else {
            let found = blocks.map(\.label).joined(separator: ", ")
            throw TLSError(code: .invalidPEM, reason: "expected exactly one CERTIFICATE PEM block, found: \(found)")
        }
        do {
            try self.init(der: block.der)
        } catch {
            throw TLSError(code: error.code, reason: "\(block.name): \(error.reason)")
        }
    }

    /// The certificate as one PEM CERTIFICATE block.
    public var pem: String {
        PEMBlock.encode(der, label: "CERTIFICATE")
    }
}

extension [UInt8] {
    /// Lowercase hex, two digits a byte.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(count * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
