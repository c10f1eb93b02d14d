extension HTTP01Responder {
    /// What one client may cost the responder.
    public struct Limits: Sendable, Hashable {
        /// Most bytes of request line plus headers accepted per request; more is answered 431 and closed.
        public var maxHeadBytes: Int
        /// Longest wait for a complete request head, from connection start or the previous request; idle
        /// keep-alive connections and slow clients are closed after it.
        public var headTimeout: Duration

        /// Makes limits; the defaults suit challenge traffic (tiny GETs) with ample room.
        public init(maxHeadBytes: Int = 8 * 1024, headTimeout: Duration = .seconds(10)) {
            self.maxHeadBytes = maxHeadBytes
            self.headTimeout = headTimeout
        }
    }
}
