// Harness (c), text side: PEM as it arrives in a tenant's Secret (tls.crt, tls.key) or in a CA's certificate
// download, through the PEM reader and OpenSSL: one certificate, a chain, a private key.
//
// Properties: nothing traps or leaks (LeakSanitizer runs with ASan); every block re-encodes to PEM that reads
// back to the same label and bytes; a certificate read from PEM reads back equal from its own `pem`.
import FuzzSupport
@testable import KubeLegoACME
@testable import KubeLegoTLS

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPEM(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: fuzzInput(data, size), as: UTF8.self)
    guard let blocks = try? PEMBlock.parseAll(text) else { return 0 }
    for block in blocks {
        checkReencoding(block)
    }
    if let certificate = try? Certificate(pem: text) {
        require((try? Certificate(pem: certificate.pem)) == certificate, "a certificate does not read back from its own PEM")
        _ = try? ACMEClient.renewalIdentifier(for: certificate)
    }
    let chain = try? CertificateChain(pem: text)
    if let chain {
        require(!chain.certificates.isEmpty, "an empty chain was accepted")
        _ = chain.leaf
    }
    if let key = try? PrivateKey(pem: text) {
        _ = (key.publicJWK, key.jwsAlgorithm)
        for certificate in chain?.certificates ?? [] { _ = key.matches(certificate) }
    }
    return 0
}

/// PEM written by `PEMBlock.encode` reads back as one block with the same label and bytes.
private func checkReencoding(_ block: PEMBlock) {
    let encoded = PEMBlock.encode(block.der, label: block.label)
    guard let again = try? PEMBlock.parseAll(encoded) else {
        require(false, "re-encoded \(block.name) does not parse:\n\(encoded)")
        return
    }
    require(again.count == 1 && again[0].label == block.label && again[0].der == block.der, "re-encoded \(block.name) reads differently")
}

@_cdecl("FuzzPEM_main")
func fuzzPEMMain(_ argc: CInt, _ argv: CArguments?) -> CInt {
    FuzzDriver.run(argc: argc, argv: argv, target: fuzzPEM)
}
