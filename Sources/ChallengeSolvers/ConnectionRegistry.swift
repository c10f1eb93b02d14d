import NIOCore
import Synchronization

/// The responder's open connections, so that stopping can ask each to finish and close, and wait for it.
final class ConnectionRegistry: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var stopping = false
    }

    private let state = Mutex(State())

    /// Tracks `channel` until it closes; a channel accepted after stopping began is told to close at once.
    func add(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let accepted = state.withLock { state in
            guard !state.stopping else { return false }
            state.channels[id] = channel
            return true
        }
        guard accepted else {
            channel.close(promise: nil)
            return
        }
        channel.closeFuture.whenComplete { [self] _ in
            _ = state.withLock { $0.channels.removeValue(forKey: id) }
        }
    }

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
}
