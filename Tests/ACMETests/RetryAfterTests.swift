import Foundation
@testable import KubeLegoACME
import Testing

@Suite("Retry-After and polling")
struct RetryAfterTests {
    let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT

    @Test("delay-seconds is relative to now")
    func seconds() {
        #expect(RetryAfter.date(from: "120", now: now) == now.addingTimeInterval(120))
        #expect(RetryAfter.date(from: " 0 ", now: now) == now)
    }

    @Test("the three HTTP-date forms parse to the same instant")
    func httpDates() {
        #expect(RetryAfter.date(from: "Sun, 06 Nov 1994 08:49:37 GMT", now: .distantPast) == now)
        #expect(RetryAfter.date(from: "Sunday, 06-Nov-94 08:49:37 GMT", now: .distantPast) == now)
        #expect(RetryAfter.date(from: "Sun Nov  6 08:49:37 1994", now: .distantPast) == now)
    }

    @Test("absent, negative, fractional, oversized and garbage values are ignored", arguments: [
        nil, "", "-5", "1.5", "99999999999999999999999", "soon", "Sun, 06 Nov 1994 25:61:00 GMT", "٣",
    ] as [String?])
    func garbage(value: String?) {
        #expect(RetryAfter.date(from: value, now: now) == nil)
    }

    @Test("delay-seconds past 9999-12-31 are capped there (found by Fuzz/FuzzACMEProblem)")
    func farDelaySeconds() {
        #expect(RetryAfter.date(from: "9223372036854775807", now: now) == RetryAfter.latest)
        #expect(RetryAfter.date(from: "999999999999", now: now) == RetryAfter.latest)  // year 33,000
        #expect(RetryAfter.date(from: "99999999999", now: now) == now.addingTimeInterval(99_999_999_999))  // year 5163
        #expect(RetryAfter.date(from: "86400", now: now) == now.addingTimeInterval(86400))
        #expect(RetryAfter.date(from: "Fri, 31 Dec 9999 23:59:59 GMT", now: now) == RetryAfter.latest)
    }

    @Test("non-ASCII values are refused before DateFormatter, which leaks on them (found by Fuzz/FuzzACMEProblem's LeakSanitizer)")
    func nonASCII() {
        #expect(RetryAfter.date(from: "Sun, 06 Nov 1994 08:49:37 GMT\u{1F600}", now: now) == nil)
        #expect(RetryAfter.date(from: "Sun,\u{A0}06 Nov 1994 08:49:37 GMT", now: now) == nil)
        #expect(RetryAfter.date(from: "2\u{FFFD}\u{B1C71}0000", now: now) == nil)
    }

    @Test("without Retry-After the wait grows and is capped")
    func backoff() {
        let policy = PollingPolicy(initial: .milliseconds(100), multiplier: 2, maximum: .seconds(1))
        let waits = (0..<6).map { policy.delay(attempt: $0, retryAfter: nil, now: now, remaining: .seconds(60)) }
        #expect(waits == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
    }

    @Test("Retry-After wins over the schedule, is capped, and never outlasts the deadline")
    func retryAfterWins() {
        let policy = PollingPolicy(initial: .milliseconds(100), multiplier: 2, maximum: .seconds(1), maximumRetryAfter: .seconds(30))
        #expect(policy.delay(attempt: 0, retryAfter: now.addingTimeInterval(5), now: now, remaining: .seconds(60)) == .seconds(5))
        #expect(policy.delay(attempt: 0, retryAfter: now.addingTimeInterval(3600), now: now, remaining: .seconds(60)) == .seconds(30))
        #expect(policy.delay(attempt: 0, retryAfter: now.addingTimeInterval(-10), now: now, remaining: .seconds(60)) == .zero)
        #expect(policy.delay(attempt: 0, retryAfter: now.addingTimeInterval(5), now: now, remaining: .seconds(2)) == .seconds(2))
        #expect(policy.delay(attempt: 9, retryAfter: nil, now: now, remaining: .milliseconds(300)) == .milliseconds(300))
    }

    @Test("a Retry-After beyond Int64 milliseconds is capped, not a trap (found by Fuzz/FuzzACMEProblem)")
    func farRetryAfter() throws {
        let policy = PollingPolicy(maximumRetryAfter: .seconds(30))
        let far = try #require(RetryAfter.date(from: "200200020020200000", now: now))
        #expect(policy.delay(attempt: 0, retryAfter: far, now: now, remaining: .seconds(60)) == .seconds(30))
        #expect(policy.delay(attempt: 0, retryAfter: .distantFuture, now: now, remaining: .seconds(60)) == .seconds(30))
        #expect(policy.delay(attempt: 0, retryAfter: Date(timeIntervalSince1970: 1e300), now: now, remaining: .seconds(60)) == .seconds(30))
    }

    @Test("no wait is offered once the deadline has passed")
    func deadline() {
        let policy = PollingPolicy()
        #expect(policy.delay(attempt: 0, retryAfter: nil, now: now, remaining: .zero) == nil)
        #expect(policy.delay(attempt: 0, retryAfter: now, now: now, remaining: .seconds(-1)) == nil)
    }

    @Test("huge attempt numbers do not overflow")
    func hugeAttempt() {
        #expect(PollingPolicy().delay(attempt: 10_000, retryAfter: nil, now: now, remaining: .seconds(600)) == .seconds(3))
    }
}
