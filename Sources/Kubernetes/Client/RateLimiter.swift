import Synchronization

/// Client-side request rate limit shared by every request of one `KubeClient`.
final class RateLimiter: Sendable {
    private let bucket: Mutex<TokenBucket>

    /// A limiter allowing `qps` requests per second with bursts of `burst`.
    init(qps: Double, burst: Int) {
        bucket = Mutex(TokenBucket(qps: qps, burst: burst, now: .now))
    }

    /// Waits for this request's turn; throws `CancellationError` when the task is cancelled meanwhile.
    func acquire() async throws {
        let wait = bucket.withLock { $0.reserve(now: .now) }
        if wait > .zero {
            try await Task.sleep(for: wait)
        }
    }
}
