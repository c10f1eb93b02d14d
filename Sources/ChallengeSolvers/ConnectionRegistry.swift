public import NIOCore
import Synchronization

/// The open connections of a small HTTP server, at most `maxConnections` of them: stopping can ask each to
/// finish and close, and wait for it. Also used by the metrics server.
public final class ConnectionRegistry: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var stopping = false
        var refused = 0
    }

    /// Most connections tracked at once; more are closed as they are accepted.
    public let maxConnections: Int
    private let onRefused: @Sendable (any Channel) -> Void
    private let state = Mutex(State())

    /// Makes an empty registry admitting up to `maxConnections` (at least 1); `onRefused` is called for each
    /// connection closed over the cap (to count it in a metric, say), before it is closed.
    public init(maxConnections: Int = .max, onRefused: @escaping @Sendable (any Channel) -> Void = { _ in }) {
        self.maxConnections = max(maxConnections, 1)
        self.onRefused = onRefused
    }

    /// Tracks `channel` until it closes and returns true; or, when `maxConnections` are open or stopping has
    /// begun, closes it at once and returns false (refusals over the cap are counted in `refusedCount`).
    /// Call it from the child channel initializer, before anything is read.
    @discardableResult
    public func admit(_ channel: any Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        enum Outcome { case accepted, overLimit, stopping }
        let outcome = state.withLock { state -> Outcome in
            guard !state.stopping else { return .stopping }
            guard state.channels.count < maxConnections else {
                state.refused += 1
                return .overLimit
            }
            state.channels[id] = channel
            return .accepted
        }
        guard outcome == .accepted else {
            if outcome == .overLimit { onRefused(channel) }
            channel.close(promise: nil)
            return false
        }
        channel.closeFuture.whenComplete { [self] _ in
            _ = state.withLock { $0.channels.removeValue(forKey: id) }
        }
        return true
    }

    /// Admits connections again after a stop, for a server that is run once more.
    public func reopen() {
        state.withLock { $0.stopping = false }
    }

    /// Connections open now.
    public var openCount: Int { state.withLock { $0.channels.count } }

    /// Connections closed at once because `maxConnections` were open.
    public var refusedCount: Int { state.withLock { $0.refused } }

    /// Asks every connection to close once its current request is answered (idle ones close at once), and
    /// returns when all have closed.
    func quiesceAll() async {
        let channels = state.withLock { state in
            state.stopping = true
            return Array(state.channels.values)
        }
        for channel in channels {
            channel.pipeline.fireUserInboundEventTriggered(ResponderHTTPHandler.StopEvent())
        }
        for channel in channels {
            try? await channel.closeFuture.get()
        }
    }

    /// Closes every connection now and refuses new ones, for servers whose handlers do not know `StopEvent`.
    public func closeAll() async {
        let channels = state.withLock { state in
            state.stopping = true
            return Array(state.channels.values)
        }
        for channel in channels {
            channel.close(promise: nil)
        }
        for channel in channels {
            try? await channel.closeFuture.get()
        }
    }
}
