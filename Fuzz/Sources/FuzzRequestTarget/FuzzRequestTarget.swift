// Harness (a), pure part: what the HTTP-01 responder makes of a request once NIO has decoded its head: the
// request target (origin-form or absolute-form), the Host header, and the route and token lookup.
//
// Input: one flags byte (bit 0: a body is announced, bit 1: ready, bits 2-3: the method), then the request
// target, then optionally "\n" and the Host header value.
// Properties: nothing traps; a key authorization is only ever served for the host and token it was registered
// for; parsing the same target again gives the same result.
import FuzzSupport
@testable import KubeLegoChallengeSolvers
import NIOHTTP1

/// Registered answers, one per host form the store accepts (name, IPv4, IPv6 with and without brackets).
private let registrations: [(host: String, token: String, keyAuthorization: String)] = [
    ("example.com", "tok-EN_1", "tok-EN_1.thumb-example"),
    ("WWW.Example.ORG.", "t2", "t2.thumb-www"),
    ("10.0.0.1", "t3", "t3.thumb-v4"),
    ("[2001:db8::1]", "t4", "t4.thumb-v6"),
    ("::1", "t5", "t5.thumb-loopback"),
]

private let router: ResponderRouter = {
    let store = ChallengeTokenStore()
    for entry in registrations { store.register(host: entry.host, token: entry.token, keyAuthorization: entry.keyAuthorization) }
    return ResponderRouter(instanceID: "fuzz-instance", version: "0.0.0-fuzz", tokens: store)
}()

private let methods: [HTTPMethod] = [.GET, .HEAD, .POST, .RAW(value: "BREW")]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let flags = bytes.first else { return 0 }
    let parts = Array(bytes.dropFirst()).fuzzParts(separator: UInt8(ascii: "\n"), maxParts: 2)
    let uri = String(decoding: parts[0], as: UTF8.self)
    let hostHeader = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : nil

    let target = RequestTarget(uri: uri, hostHeader: hostHeader)
    require(!target.path.isEmpty, "an empty path for \(uri.debugDescription)")
    require(!target.path.contains("?") && !target.path.contains("#"), "query or fragment left in \(target.path.debugDescription)")
    require(RequestTarget(uri: uri, hostHeader: hostHeader) == target, "parsing is not deterministic")
    if let hostHeader {
        _ = HostName.fromHostHeader(Substring(hostHeader))
        _ = Substring(hostHeader).trimmingASCIISpaces()
    }
    _ = HostName.normalized(uri)
    _ = ChallengeToken.isValid(String(target.path))

    let method = methods[Int(flags >> 2) & 3]
    let reply = router.reply(method: method, uri: uri, hostHeader: hostHeader, announcesBody: flags & 1 != 0, ready: flags & 2 != 0)
    if let served = registrations.first(where: { $0.keyAuthorization == reply.body }) {
        require(reply.status == .ok && (method == .GET || method == .HEAD), "a key authorization with \(reply.status) for \(method)")
        require(target.host.map(HostName.normalized) == HostName.normalized(served.host),
                "\(served.host)'s answer served for host \(String(describing: target.host))")
        require(target.path == ResponderRouter.challengePrefix + served.token, "token \(served.token) served at \(target.path)")
    }
    return 0
}

@_cdecl("FuzzRequestTarget_main")
func fuzzRequestTargetMain(_ argc: CInt, _ argv: CArguments?) -> CInt {
    FuzzDriver.run(argc: argc, argv: argv, target: fuzzRequestTarget)
}
