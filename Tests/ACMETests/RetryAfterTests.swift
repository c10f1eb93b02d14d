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
        #expect(RetryAfter.date(from: "Sun, 06 Nov 1994 08:49:37 GMT", now: now) == now)
        #expect(RetryAfter.date(from: "Sunday, 06-Nov-94 08:49:37 GMT", now: now) == now)
        #expect(RetryAfter.date(from: "Sun Nov  6 08:49:37 1994", now: now) == now)
    }

    @Test("dates across eras, leap days and the 2-digit years of RFC 850", arguments: [
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0), ("Tue, 29 Feb 2000 12:00:00 GMT", 951_825_600),
        ("Wed, 01 Mar 2100 00:00:00 GMT", 4_107_542_400), ("Thursday, 01-Jan-70 00:00:00 GMT", 0),
        ("Tuesday, 29-Feb-00 12:00:00 GMT", 951_825_600), ("Thu Jan  1 00:00:00 1970", 0), ("Mon, 31 Dec 1900 23:59:59 GMT", -2_177_452_801),
    ] as [(String, Int)])
    func calendar(text: String, seconds: Int) {
        #expect(RetryAfter.httpDate(text) == Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    @Test("absent, negative, fractional and garbage values are ignored", arguments: [
        nil, "", "-5", "1.5", "soon", "Sun, 06 Nov 1994 25:61:00 GMT", "٣", "Sun, 31 Feb 1994 08:49:37 GMT",
        "Sun, 29 Feb 1900 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT", "Funday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49 1994", "Sun, 06 Nov 1994 8:49:37 GMT",
    ] as [String?])
    func garbage(value: String?) {
        #expect(RetryAfter.date(from: value, now: now) == nil)
    }

    @Test("huge delays and far dates are shortened to a week, never ignored or trapping", arguments: [
        "99999999999999999999", "99999999999999999999999999999999999999999999", "9223372036854775807",
        String(repeating: "9", count: 400), "Fri, 31 Dec 9999 23:59:59 GMT",
    ])
    func hugeValues(value: String) {
        let date = RetryAfter.date(from: value, now: now)
        #expect(date == now.addingTimeInterval(RetryAfter.maximumDelay))
        #expect(RetryAfter.maximumDelay == 7 * 86_400)
    }

    @Test("a Retry-After just under the cap is kept as given")
    func underTheCap() {
        #expect(RetryAfter.date(from: "604799", now: now) == now.addingTimeInterval(604_799))
    }

    @Test("polling waits stay within the cap for any Retry-After moment, however far or odd", arguments: [
        1e300, -1e300, Double.infinity, -Double.infinity, Double.nan, 1e20, 253_402_300_799,
    ])
    func pollingClamps(offset: Double) {
        let policy = PollingPolicy(maximumRetryAfter: .seconds(30))
        let retryAfter = Date(timeIntervalSince1970: now.timeIntervalSince1970 + offset)
        let wait = policy.delay(attempt: 0, retryAfter: retryAfter, now: now, remaining: .seconds(600))
        let expected: Duration = offset > 0 ? .seconds(30) : .zero
        #expect(wait == expected)
    }

    @Test("a huge maximumRetryAfter still cannot make a huge Retry-After trap")
    func hugeCap() {
        let policy = PollingPolicy(maximumRetryAfter: .seconds(Int64.max))
        let far = Date(timeIntervalSinceReferenceDate: 1e300)
        #expect(policy.delay(attempt: 0, retryAfter: far, now: now, remaining: .seconds(Int64.max)) == .seconds(Int64.max))
        #expect(policy.delay(attempt: 0, retryAfter: far, now: now, remaining: .seconds(600)) == .seconds(600))
    }

    @Test("non-ASCII values are refused before parsing (Foundation's DateFormatter, used once, leaked on them: Fuzz/FuzzACMEProblem's LeakSanitizer)")
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
