/// A PEM certificate chain as a CA returns it: leaf first, then the intermediates.
public struct CertificateChain: Sendable {
    /// The certificates in PEM order; never empty.
    public let certificates: [Certificate]

    /// Splits and reads every CERTIFICATE block. Errors name the failing block (1-based): empty input, text
    /// without blocks, a block of another kind (such as a key), a truncated block, or bytes that are no certificate.
    public init(pem: String) throws(TLSError) {
        let blocks = try PEMBlock.parseAll(pem)
        var certificates: [Certificate] = []
        for block in blocks {
            guard block.label == "CERTIFICATE" else {
                throw TLSError(code: .invalidPEM, reason: "\(block.name) in the chain is not a CERTIFICATE")
            }
            do {
                certificates.append(try Certificate(der: block.der))
            } catch {
                throw TLSError(code: error.code, reason: "\(block.name) in the chain: \(error.reason)")
            }
        }
        self.certificates = certificates
    }

    /// The end-entity certificate, first in the chain.
    public var leaf: Certificate { certificates[0] }

    /// The chain re-encoded as PEM, leaf first.
    public var pem: String { certificates.map(\.pem).joined() }
}
