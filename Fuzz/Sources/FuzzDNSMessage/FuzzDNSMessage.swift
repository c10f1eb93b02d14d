// Harness (e): a DNS response as the RFC 2136 client reads it from the network (UDP or TCP): the wire decoder
// with name compression, record data, TSIG records, and TSIG verification of the result.
//
// Properties: nothing traps; a decoded message encodes (names uncompressed) and decodes back to an equal
// message, apart from where its TSIG record starts.
import FuzzSupport
@testable import KubeLegoDNS

private let key: TSIGKey? = try? TSIGKey(name: DNSName("kube-lego."), secret: Array(repeating: 0x2A, count: 32))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDNSMessage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let message = try? DNSMessage.decode(bytes) else { return 0 }
    for record in message.answers + message.authority + message.additional {
        _ = (record.description, record.data.joinedText, record.name.lowercased, record.name.parent)
    }
    for question in message.questions { _ = question.name.description }
    _ = message.tsig
    _ = try? key?.verify(response: bytes, message: message, requestMAC: [1, 2, 3], now: 1_750_000_000, server: "fuzz")
    checkRoundTrip(message)
    return 0
}

/// decode → encode → decode gives the same message (the TSIG offset moves, as names are no longer compressed).
private func checkRoundTrip(_ message: DNSMessage) {
    guard let encoded = try? message.encode() else { return }  // names decompressed past 64 KiB of RDATA
    guard var again = try? DNSMessage.decode(encoded) else {
        require(false, "the encoded form of a decoded message does not decode")
        return
    }
    require((again.tsigOffset == nil) == (message.tsigOffset == nil), "the TSIG record was lost or gained")
    var original = message
    original.tsigOffset = nil
    again.tsigOffset = nil
    require(again == original, "the message changed in encode → decode")
}

@_cdecl("FuzzDNSMessage_main")
func fuzzDNSMessageMain(_ argc: CInt, _ argv: CArguments?) -> CInt {
    FuzzDriver.run(argc: argc, argv: argv, target: fuzzDNSMessage)
}
