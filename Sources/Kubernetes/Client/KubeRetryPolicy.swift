/// How a `KubeClient` retries a request in place when the API server answers with something transient.
///
/// Retried: 5xx answers, 429 Too Many Requests (waiting at least the server's `Retry-After`, clamped to
/// `maximumRetryAfter`) and transport errors (connection refused or reset, timeouts). Never retried here: 409
/// Conflict and AlreadyExists (they need a fresh read: see `KubeClient.createOrUpdate`), 4xx answers, and
/// cancellation. Retries stop after `maxAttempts` tries or once `maxElapsed` has passed since the first.
/// Watches are not retried here; informers reconnect on their own.
public struct KubeRetryPolicy: Sendable {
    /// The most tries of one request, the first included (1 disables retrying).
    public var maxAttempts: Int
    /// No retry starts once this much time has passed since the first try.
    public var maxElapsed: Duration
    /// The back-off: delays grow from `backoff.initial` doubling to `backoff.maximum`, with jitter.
    public var backoff: Backoff
    /// The longest a server's `Retry-After` is honoured for; longer requests are clamped to this.
    public var maximumRetryAfter: Duration

    /// Makes a policy; the defaults try up to 8 times within 20 s, waiting 50 ms doubling to 2 s, +0-50% jitter.
    public init(
        maxAttempts: Int = 8, maxElapsed: Duration = .seconds(20),
        backoff: Backoff = Backoff(initial: .milliseconds(50), maximum: .seconds(2), jitter: 0.5),
        maximumRetryAfter: Duration = .seconds(10)
    ) {
        self.maxAttempts = maxAttempts
        self.maxElapsed = maxElapsed
        self.backoff = backoff
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// No retrying at all: every error reaches the caller at once (for tests of error handling).
    public static let none = KubeRetryPolicy(maxAttempts: 1)

    /// True when `error` may go away by sending the same request again.
    public static func isRetryable(_ error: KubeError) -> Bool {
        switch error.code {
        case .serverError, .tooManyRequests, .transport: true
        default: false
        }
    }

    /// The wait before try number `attempt + 1` after `error`, or nil when no retry should follow:
    /// the error is not retryable, the attempts are used up, or the wait would end past `maxElapsed`.
    public func delay(after error: KubeError, attempt: Int, elapsed: Duration) -> Duration? {
        guard Self.isRetryable(error), attempt < maxAttempts else { return nil }
        var delay = backoff.delay(attempt: attempt)
        if error.code == .tooManyRequests, let retryAfter = error.retryAfter {
            delay = max(delay, min(retryAfter, maximumRetryAfter))
        }
        guard elapsed + delay <= maxElapsed else { return nil }
        return delay
    }
}
