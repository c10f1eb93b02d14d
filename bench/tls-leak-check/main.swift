// tls-leak-check: runs the KubeLegoTLS operations kube-lego repeats all day (parse a PEM key, parse a chain,
// sign a JWS, make a CSR, and fail on bad input) in a loop, so valgrind can count leaks and RSS can be watched.
// Usage: tls-leak-check <key.pem> <chain.pem> [iterations]
import Foundation
import KubeLegoTLS

/// Resident set size in KiB from /proc/self/status.
func residentKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return -1 }
    return Int(line.split(separator: " ")[1]) ?? -1
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: tls-leak-check <key.pem> <chain.pem> [iterations]\n".utf8))
    exit(2)
}
let keyPEM = try String(contentsOfFile: arguments[1], encoding: .utf8)
let chainPEM = try String(contentsOfFile: arguments[2], encoding: .utf8)
let iterations = arguments.count > 3 ? Int(arguments[3]) ?? 10_000 : 10_000
let garbage = "-----BEGIN PRIVATE KEY-----\naGVsbG8gd29ybGQ=\n-----END PRIVATE KEY-----\n"
let truncatedChain = String(chainPEM.prefix(chainPEM.count / 2))

var checksum = 0
var failures = 0
var residentAfterWarmUp = 0
for iteration in 1...iterations {
    let key = try PrivateKey(pem: keyPEM)
    let chain = try CertificateChain(pem: chainPEM)
    let signature = try key.signJWS(Array("header.payload-\(iteration)".utf8))
    let request = try CertificateSigningRequest.make(identifiers: chain.leaf.dnsNames + chain.leaf.ipAddresses, key: key)
    checksum &+= signature.count &+ request.der.count &+ (key.matches(chain.leaf) ? 1 : 0) &+ key.publicJWK.thumbprint.count
    do { _ = try PrivateKey(pem: garbage) } catch { failures += 1 }
    do { _ = try CertificateChain(pem: truncatedChain) } catch { failures += 1 }
    if iteration == min(1_000, iterations) { residentAfterWarmUp = residentKiB() }
}
print("iterations=\(iterations) expected-failures=\(failures) checksum=\(checksum)")
print("rss-kib after-warm-up=\(residentAfterWarmUp) at-end=\(residentKiB())")
