// Harness (c), binary side: DER bytes straight into the certificate reader (OpenSSL's d2i_X509 and the facts we
// read from it), the ARI reader's own DER walker (authority key identifier, serial), and the private-key reader.
//
// Properties: nothing traps or leaks; DERReader never reads outside its input (ASan) and always makes progress;
// a certificate OpenSSL accepts gives the same renewal identifier twice.
import FuzzSupport
@testable import KubeLegoACME
@testable import KubeLegoTLS

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
    // OpenSSL 3's key decoders take about 1 ms per attempt on garbage (3 ms under ASan), so only SEQUENCEs, under
    // the PKCS#8 label, whose reader (d2i_AutoPrivateKey) also detects PKCS#1 and SEC1. FuzzPEM covers the others.
    if der.first == 0x30 {
        _ = try? PrivateKey(pem: PEMBlock.encode(der, label: "PRIVATE KEY"))
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
