extension SelfCheck {
    /// The self-check's settings: `LEGO_SELFCHECK`, `LEGO_SELFCHECK_ADDRESS` and `LEGO_EXPONENTIAL_BACKOFF_*`.
    public struct Configuration: Sendable, Hashable {
        /// False skips the check: `verify` returns at once (`LEGO_SELFCHECK=false`).
        public var enabled: Bool
        /// `host:port` to send the check to instead of the domain itself, with `Host` set to the domain
        /// (`LEGO_SELFCHECK_ADDRESS`, e.g. the ingress controller's Service; avoids hairpin NAT). IPv6 in brackets.
        public var address: String?
        /// How attempts are spaced and when to give up.
        public var backoff: ExponentialBackoff
        /// The first wait after a failed attempt when shorter than the back-off's; each later one doubles, and
        /// the back-off's own wait takes over once it is the shorter (nil: the back-off schedule from the start).
        /// A new route usually serves within one reload of the data plane, and an attempt costs one GET of
        /// kube-lego's own route, never a CA request: waiting the back-off's first 15-45 s (the original's
        /// schedule, when its attempt also asked the CA for an authorization) only delayed every certificate.
        public var quickRetry: Duration?
        /// The limit on each request, connecting included.
        public var requestTimeout: Duration
        /// How many different observations of the last failed attempts the final error describes (repeats of
        /// the same observation are described once, as a range of attempts).
        public var reportedAttempts: Int
        /// How many passes in a row prove the route. Ingress controllers and load balancers change in steps
        /// (nginx's old workers still answer for a moment after a reload; a GCE URL map reaches its frontends one
        /// by one), so one good answer does not mean the CA will see one. A failure starts the count again.
        public var requiredPasses: Int
        /// The wait between consecutive passes.
        public var passInterval: Duration
        /// The largest answer body read, in bytes. The host (chosen by an Ingress author) may answer anything;
        /// an HTTP-01 answer is a short line, so a bigger body fails the attempt without being read on.
        public var maxBodyBytes: Int

        /// Makes settings; the defaults are the original's (enabled, direct, 30 s × 2.0 up to 5 min), with
        /// quick retries from 100 ms before that schedule.
        public init(
            enabled: Bool = true,
            address: String? = nil,
            backoff: ExponentialBackoff = ExponentialBackoff(),
            quickRetry: Duration? = .milliseconds(100),
            requestTimeout: Duration = .seconds(10),
            reportedAttempts: Int = 3,
            requiredPasses: Int = 3,
            passInterval: Duration = .milliseconds(300),
            maxBodyBytes: Int = 4096
        ) {
            self.enabled = enabled
            self.address = address
            self.backoff = backoff
            self.quickRetry = quickRetry
            self.requestTimeout = requestTimeout
            self.reportedAttempts = reportedAttempts
            self.requiredPasses = max(requiredPasses, 1)
            self.passInterval = passInterval
            self.maxBodyBytes = max(maxBodyBytes, 1)
        }
    }
}
