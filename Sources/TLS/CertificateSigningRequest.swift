import CKubeLegoOpenSSL

/// A PKCS#10 certificate signing request, as ACME's finalize step sends it.
public struct CertificateSigningRequest: Sendable {
    /// The request's DER encoding.
    public let der: [UInt8]

    /// The request as one PEM "CERTIFICATE REQUEST" block.
    public var pem: String {
        PEMBlock.encode(der, label: "CERTIFICATE REQUEST")
    }

    /// Longest commonName X.509 allows (ub-common-name, RFC 5280).
    static let maximumCommonNameLength = 64

    /// Builds and signs (SHA-256) a request for `identifiers` with `key`.
    ///
    /// Every identifier goes into subjectAltName, as an IP address when it parses as IPv4 or IPv6, otherwise as a
    /// DNS name; the subject commonName is the first DNS name when it has at most 64 bytes, else there is none.
    /// An empty list or an empty or malformed name throws `.invalidIdentifier`.
    public static func make(identifiers: [String], key: PrivateKey) throws(TLSError) -> CertificateSigningRequest {
        guard !identifiers.isEmpty else {
            throw TLSError(code: .invalidIdentifier, reason: "a certificate request needs at least one identifier")
        }
        var names: [CertificateIdentifier] = []
        for text in identifiers {
            names.append(try CertificateIdentifier(text))
        }
        let firstDNSName = names.lazy.compactMap { name -> String? in
            if case .dns(let text) = name { text } else { nil }
        }.first
        let commonName = firstDNSName.flatMap { $0.utf8.count <= maximumCommonNameLength ? $0 : nil }
        OpenSSLErrorQueue.clear()
        let request = try RequestBuilder()
        try request.setSubject(commonName: commonName)
        try request.addSubjectAltNames(names, critical: commonName == nil)
        return CertificateSigningRequest(der: try request.sign(with: key))
    }
}
