extension HTTP01Responder {
    /// What one client, or many, may cost the responder.
    public struct Limits: Sendable, Hashable {
        /// Most bytes of request line plus headers accepted per request; more is answered 431 and closed.
        public var maxHeadBytes: Int
        /// Longest wait for a complete request head, from connection start or the previous request; idle
        /// keep-alive connections and slow clients are closed after it. Only a complete head starts it again,
        /// so neither dripping bytes nor keeping a connection open resets it.
        public var headTimeout: Duration
        /// Most connections open at once; one accepted beyond it is closed at once, without a byte, and
        /// counted (`HTTP01Responder.refusedConnections`).
        public var maxConnections: Int
        /// Most requests answered on one connection; the last answer carries `Connection: close` and the
        /// connection closes after it (anything pipelined behind it is not answered). With `headTimeout` this
        /// bounds how long one connection can live.
        public var maxRequestsPerConnection: Int

        /// Makes limits; the defaults suit challenge traffic (tiny GETs from a few CAs and probes) with ample room.
        public init(
            maxHeadBytes: Int = 8 * 1024, headTimeout: Duration = .seconds(10), maxConnections: Int = 512,
            maxRequestsPerConnection: Int = 100
        ) {
            self.maxHeadBytes = maxHeadBytes
            self.headTimeout = headTimeout
            self.maxConnections = max(maxConnections, 1)
            self.maxRequestsPerConnection = max(maxRequestsPerConnection, 1)
        }
    }
}
