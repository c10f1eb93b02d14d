// Harness (c), binary side: DER bytes straight into the certificate reader (OpenSSL's d2i_X509 and the facts we
// read from it), the ARI reader's own DER walker (authority key identifier, serial), and the private-key reader
// under each PEM label it accepts.
//
// Properties: nothing traps or leaks; DERReader never reads outside its input (ASan) and always makes progress;
// a certificate OpenSSL accepts gives the same renewal identifier twice.
import FuzzSupport
@testable import KubeLegoACME
@testable import KubeLegoTLS

private let keyLabels = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDER(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let der = fuzzInput(data, size)
    _ = ACMEClient.aki(der)
    walk(der[...], depth: 0)
    if let certificate = try? Certificate(der: der) {
        let first = try? ACMEClient.renewalIdentifier(for: certificate)
        require(first == (try? ACMEClient.renewalIdentifier(for: certificate)), "the renewal identifier is not stable")
        _ = (certificate.dnsNames, certificate.ipAddresses, certificate.serialNumberHex, certificate.pem)
    }
    guard !der.isEmpty else { return 0 }
    for label in keyLabels {
        _ = try? PrivateKey(pem: PEMBlock.encode(der, label: label))
    }
    return 0
}

/// Reads every element at every level of nesting (constructed tags, bit 0x20), as the ARI reader might.
private func walk(_ bytes: ArraySlice<UInt8>, depth: Int) {
    guard depth < 64 else { return }
    var reader = DERReader(bytes)
    var elements = 0
    while let element = reader.next() {
        elements += 1
        require(elements <= bytes.count / 2, "DERReader returned more elements than 2-byte headers fit in its input")
        require(element.contents.count <= bytes.count - 2, "an element larger than its input")
        if element.tag & 0x20 != 0 { walk(element.contents, depth: depth + 1) }
    }
}

@_cdecl("FuzzDER_main")
func fuzzDERMain(_ argc: CInt, _ argv: CArguments?) -> CInt {
    FuzzDriver.run(argc: argc, argv: argv, target: fuzzDER)
}
