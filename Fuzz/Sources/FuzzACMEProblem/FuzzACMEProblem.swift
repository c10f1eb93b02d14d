// Harness (d): what the ACME client reads from an error response: the problem document (RFC 7807/8555 §6.7,
// subproblems and all), the Retry-After header and where its date goes (the poller's wait, the back-off
// record's timestamp), and Link headers (RFC 8288).
//
// Input: the response body; the same bytes as text are also read as a Retry-After value (when short, as real
// ones are) and as Link header values, one per line.
// Properties: nothing traps; a decoded problem encodes and decodes back to an equal problem.
import FuzzSupport
import Foundation
@testable import KubeLegoACME
import KubeLegoKube

private let now = Date(timeIntervalSince1970: 1_750_000_000)
private let base = "https://acme.example/acme/cert/1"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzACMEProblem(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    if let problem = ACMEProblem.decode(bytes) {
        _ = (problem.description, problem.kind, problem.isTransient)
        let encoded = (try? JSONEncoder().encode(problem)).map { [UInt8]($0) } ?? []
        require(ACMEProblem.decode(encoded) == problem, "a problem does not survive encode → decode: \(problem)")
    }
    let text = String(decoding: bytes, as: UTF8.self)
    if bytes.count <= 64 {
        let retryAfter = RetryAfter.date(from: text, now: now)
        _ = PollingPolicy().delay(attempt: 3, retryAfter: retryAfter, now: now, remaining: .seconds(300))
        // AttemptLedger keeps the CA's date as the next attempt and stores it as a Kubernetes timestamp.
        if let retryAfter { _ = KubeTime.parse(KubeTime.format(retryAfter)) }
    }
    let values = text.split(separator: "\n").map(String.init)
    _ = LinkHeader.targets(values, relation: "up", base: base)
    _ = LinkHeader.targets(values, relation: "alternate", base: base)
    return 0
}

@_cdecl("FuzzACMEProblem_main")
func fuzzACMEProblemMain(_ argc: CInt, _ argv: CArguments?) -> CInt {
    FuzzDriver.run(argc: argc, argv: argv, target: fuzzACMEProblem)
}
