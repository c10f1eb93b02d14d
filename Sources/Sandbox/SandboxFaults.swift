/// Faults the sandbox injects into requests, for reliability tests. The default injects nothing.
public struct SandboxFaults: Sendable, Hashable {
    /// An error served instead of the real answer with some probability.
    public struct ErrorRule: Sendable, Hashable {
        /// Probability in 0...1 that a request of the verb fails.
        public var rate: Double
        /// HTTP status served (500, 503, 504...), as a `metav1.Status`.
        public var status: Int

        /// A rule failing `rate` of requests with `status`.
        public init(rate: Double, status: Int = 500) {
            self.rate = rate
            self.status = status
        }
    }

    /// Error rules per verb.
    public var errors: [SandboxVerb: ErrorRule]
    /// Delay added before every answer (watch streams: before the headers).
    public var latency: Duration
    /// Probability in 0...1 that a write (create, update, patch, delete) gets a spurious 409 Conflict.
    public var spuriousConflictRate: Double
    /// When set, watch connections are dropped (closed without the final chunk) after this many events.
    public var cutWatchAfterEvents: Int?
    /// Probability in 0...1 that a request gets 429 Too Many Requests.
    public var throttleRate: Double
    /// `Retry-After` seconds sent with 429s.
    public var retryAfterSeconds: Int
    /// When set, at most this many errors, conflicts and 429s are injected in total (then requests pass).
    public var budget: Int?

    /// Faults as given; everything defaults to off.
    public init(
        errors: [SandboxVerb: ErrorRule] = [:], latency: Duration = .zero, spuriousConflictRate: Double = 0,
        cutWatchAfterEvents: Int? = nil, throttleRate: Double = 0, retryAfterSeconds: Int = 1, budget: Int? = nil
    ) {
        self.errors = errors
        self.latency = latency
        self.spuriousConflictRate = spuriousConflictRate
        self.cutWatchAfterEvents = cutWatchAfterEvents
        self.throttleRate = throttleRate
        self.retryAfterSeconds = retryAfterSeconds
        self.budget = budget
    }
}

/// The API verbs a request can have, as Kubernetes names them.
public enum SandboxVerb: String, Sendable, Hashable, CaseIterable {
    /// GET of one object.
    case get
    /// GET of a collection.
    case list
    /// GET of a collection with `watch=1`.
    case watch
    /// POST to a collection.
    case create
    /// PUT of one object.
    case update
    /// PATCH of one object.
    case patch
    /// DELETE of one object.
    case delete
    /// DELETE of a collection.
    case deleteCollection = "deletecollection"

    /// Whether the verb writes.
    var isWrite: Bool {
        switch self {
        case .create, .update, .patch, .delete, .deleteCollection: true
        case .get, .list, .watch: false
        }
    }
}
