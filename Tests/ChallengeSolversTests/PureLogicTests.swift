@testable import KubeLegoChallengeSolvers
import Testing

/// The parts without I/O: Host parsing, request targets, tokens, back-off arithmetic.
@Suite("pure helpers")
struct PureLogicTests {
    @Test("Host header parsing", arguments: [
        ("example.com", "example.com"), ("Example.COM:8080", "example.com"), ("example.com.", "example.com"),
        ("[::1]:8080", "::1"), ("[::1]", "::1"), ("[2001:DB8::1]:80", "2001:db8::1"), ("2001:db8::1", "2001:db8::1"),
        ("1.2.3.4:80", "1.2.3.4"), (" spaced.example ", "spaced.example"), ("host:", "host"),
    ])
    func hostHeader(header: String, expected: String) {
        #expect(HostName.fromHostHeader(Substring(header)) == expected)
    }

    @Test("malformed Host headers give no host", arguments: ["", "[::1", "[::1]x", "host:abc", ":80", "[]:80"])
    func malformedHost(header: String) {
        #expect(HostName.fromHostHeader(Substring(header)) == nil)
    }

    @Test("request targets")
    func requestTargets() {
        #expect(RequestTarget(uri: "/a?b#c", hostHeader: "h") == RequestTarget(uri: "/a", hostHeader: "H:1"))
        #expect(RequestTarget(uri: "/a?b", hostHeader: nil).path == "/a")
        let absolute = RequestTarget(uri: "http://user@Abs.Example:81/p?q", hostHeader: "other")
        #expect(absolute.host == "abs.example")
        #expect(absolute.path == "/p")
        #expect(RequestTarget(uri: "http://abs.example", hostHeader: nil).path == "/")
    }

    @Test("challenge tokens must be base64url")
    func tokens() {
        #expect(ChallengeToken.isValid("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"))
        #expect(ChallengeToken.isValid("a-b_c"))
        for bad in ["", "a/b", "../x", "a b", "a=", "tok%2F", "é"] {
            #expect(!ChallengeToken.isValid(bad), "\(bad)")
        }
    }

    @Test("token store: register, lookup by normalized host, remove one of several")
    func tokenStore() {
        let store = ChallengeTokenStore()
        store.register(host: "A.example", token: "t1", keyAuthorization: "k1")
        store.register(host: "a.example", token: "t2", keyAuthorization: "k2")
        #expect(store.count == 2)
        #expect(store.keyAuthorization(host: "a.EXAMPLE", token: "t1") == "k1")
        store.remove(host: "a.example", token: "t1")
        #expect(store.keyAuthorization(host: "a.example", token: "t1") == nil)
        #expect(store.keyAuthorization(host: "a.example", token: "t2") == "k2")
        #expect(store.count == 1)
    }

    @Test("back-off intervals grow by the multiplier up to the cap")
    func backoffIntervals() {
        let policy = ExponentialBackoff(initialInterval: .seconds(30), multiplier: 2, maxInterval: .seconds(60), maxElapsedTime: .seconds(300))
        #expect((0..<4).map { policy.interval(beforeRetry: $0) } == [.seconds(30), .seconds(60), .seconds(60), .seconds(60)])
        let slow = ExponentialBackoff(initialInterval: .milliseconds(500), multiplier: 1.5, maxInterval: .seconds(60))
        #expect(slow.interval(beforeRetry: 2) == .milliseconds(1125))
        #expect(policy.interval(beforeRetry: 10_000) == .seconds(60), "no overflow")
    }

    @Test("jitter spreads a wait over ±randomizationFactor")
    func backoffJitter() {
        let policy = ExponentialBackoff(initialInterval: .seconds(10), randomizationFactor: 0.5)
        #expect(policy.delay(beforeRetry: 0, elapsed: .zero, sample: 0) == .seconds(5))
        #expect(policy.delay(beforeRetry: 0, elapsed: .zero, sample: 0.5) == .seconds(10))
        #expect(policy.delay(beforeRetry: 0, elapsed: .zero, sample: 1) == .seconds(15))
    }

    @Test("no wait is started that would end after the budget")
    func backoffBudget() {
        let policy = ExponentialBackoff(initialInterval: .seconds(30), maxElapsedTime: .seconds(300), randomizationFactor: 0)
        #expect(policy.delay(beforeRetry: 3, elapsed: .seconds(240), sample: 0) == .seconds(60))
        #expect(policy.delay(beforeRetry: 4, elapsed: .seconds(241), sample: 0) == nil)
    }

    @Test("self-check judgement of answers")
    func judge() {
        let id = "AbCdEfGhIjKlMnOp"
        #expect(SelfCheck.judge(status: 200, location: nil, body: Array(id.utf8), expecting: .instanceID(id)) == nil)
        #expect(SelfCheck.judge(status: 200, location: nil, body: Array("ZZZZZZZZZZZZZZZZ".utf8), expecting: .instanceID(id))
            == .anotherInstance("ZZZZZZZZZZZZZZZZ"))
        #expect(SelfCheck.judge(status: 200, location: nil, body: Array("<html>".utf8), expecting: .instanceID(id))
            == .unexpectedBody("\"<html>\""))
        #expect(SelfCheck.judge(status: 301, location: "https://x/", body: [], expecting: .instanceID(id))
            == .redirect(301, location: "https://x/"))
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 500)
        #expect(SelfCheck.judge(status: 502, location: nil, body: long, expecting: .keyAuthorization("k"))
            == .status(502, body: "\"" + String(repeating: "x", count: 128) + "\"…"))
        #expect(SelfCheck.judge(status: 302, location: String(repeating: "l", count: 300) + "\r\nSet-Cookie: x", body: [], expecting: .instanceID(id))
            == .redirect(302, location: String(repeating: "l", count: 128) + "…"))
    }

    @Test("text a server chose is escaped and cut before it reaches an error or an Event")
    func printableExcerpts() {
        #expect(SelfCheckObservation.printable("ok \"quoted\" \\ path") == "ok \\\"quoted\\\" \\\\ path")
        #expect(SelfCheckObservation.printable("\u{1B}[31mred\r\nX-Fake: 1\t\0") == "\\u{1B}[31mred\\r\\nX-Fake: 1\\t\\0")
        #expect(SelfCheckObservation.printable("abc\u{202E}cba é") == "abc\\u{202E}cba \\u{E9}")
        #expect(SelfCheckObservation.printable(String(repeating: "a", count: 128)) == String(repeating: "a", count: 128))
        #expect(SelfCheckObservation.printable(String(repeating: "a", count: 129)) == String(repeating: "a", count: 128) + "…")
        let multibyte = Array(String(repeating: "€", count: 1000).utf8)
        let excerpt = SelfCheckObservation.excerpt(multibyte)
        #expect(excerpt == "\"" + String(repeating: "\\u{20AC}", count: 128) + "\"…")
        #expect(SelfCheckObservation.excerpt(Array("short".utf8)) == "\"short\"")
    }

    @Test("the attempt log keeps the last different observations, repeats as ranges")
    func attemptLog() {
        var log = SelfCheckAttemptLog(capacity: 2)
        log.record(attempt: 1, seen: "refused")
        log.record(attempt: 2, seen: "404")
        log.record(attempt: 3, seen: "404")
        log.record(attempt: 4, seen: "502")
        #expect(log.summary == "attempts 2-3: 404; attempt 4: 502")
    }
}
