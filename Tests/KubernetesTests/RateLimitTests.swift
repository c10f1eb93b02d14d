@testable import KubeLegoKube
import Testing

@Suite("token bucket and back-off arithmetic")
struct RateLimitTests {
    @Test func burstThenSteadyRate() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(qps: 10, burst: 3, now: start)
        #expect(bucket.reserve(now: start) == .zero)
        #expect(bucket.reserve(now: start) == .zero)
        #expect(bucket.reserve(now: start) == .zero)
        // The fourth and fifth callers queue 100 ms apart.
        #expect(bucket.reserve(now: start) == .milliseconds(100))
        #expect(bucket.reserve(now: start) == .milliseconds(200))
        // One second later the debt is repaid and tokens refilled, but never beyond the burst.
        let later = start.advanced(by: .seconds(10))
        #expect(bucket.reserve(now: later) == .zero)
        #expect(bucket.reserve(now: later) == .zero)
        #expect(bucket.reserve(now: later) == .zero)
        #expect(bucket.reserve(now: later) == .milliseconds(100))
    }

    @Test func partialRefill() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(qps: 4, burst: 1, now: start)
        #expect(bucket.reserve(now: start) == .zero)
        #expect(bucket.reserve(now: start.advanced(by: .milliseconds(125))) == .milliseconds(125))
    }

    @Test func zeroQPSDisablesLimiting() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(qps: 0, burst: 1, now: start)
        for _ in 0..<100 { #expect(bucket.reserve(now: start) == .zero) }
    }

    @Test func limiterDelaysBeyondTheBurst() async throws {
        let limiter = RateLimiter(qps: 50, burst: 2)
        let clock = ContinuousClock()
        let elapsed = try await clock.measure {
            for _ in 0..<5 { try await limiter.acquire() }
        }
        // Three requests beyond the burst need at least 3/50 s of refill.
        #expect(elapsed >= .milliseconds(55))
    }

    @Test func backoffDoublesUpToTheMaximum() {
        let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1), jitter: 0)
        #expect(backoff.delay(attempt: 1) == .milliseconds(100))
        #expect(backoff.delay(attempt: 2) == .milliseconds(200))
        #expect(backoff.delay(attempt: 4) == .milliseconds(800))
        #expect(backoff.delay(attempt: 5) == .seconds(1))
        #expect(backoff.delay(attempt: 500) == .seconds(1))
        let jittered = Backoff(initial: .seconds(1), maximum: .seconds(10), jitter: 0.5)
        for _ in 0..<20 {
            let delay = jittered.delay(attempt: 1)
            #expect(delay >= .seconds(1) && delay <= .milliseconds(1500))
        }
    }
}
