import Synchronization

/// The bounded buffer between the engine thread (producer of body chunks) and the task reading a streaming
/// body. When it holds `highWater` bytes the producer is told to pause the transfer; once the reader has drained
/// it to `lowWater`, `onDrained` asks the engine to resume.
final class StreamChannel: Sendable {
    /// What the engine's write callback should do with a chunk it offered.
    enum Offer {
        /// Taken; the transfer goes on.
        case accepted
        /// Not taken: pause the transfer and offer the same bytes again after resuming.
        case pause
        /// The reader is gone: abort the transfer.
        case abort
    }

    private struct State {
        var chunks: [[UInt8]] = []
        var firstChunk = 0
        var bufferedBytes = 0
        var producerPaused = false
        var end: Result<Void, HTTPError>?
        var reader: CheckedContinuation<Result<[UInt8]?, HTTPError>, Never>?
        var peakBufferedBytes = 0
        var pauses = 0

        mutating func popChunk() -> [UInt8]? {
            guard firstChunk < chunks.count else { return nil }
            let chunk = chunks[firstChunk]
            chunks[firstChunk] = []
            firstChunk += 1
            if firstChunk == chunks.count || firstChunk >= 64 {
                chunks.removeFirst(firstChunk)
                firstChunk = 0
            }
            bufferedBytes -= chunk.count
            return chunk
        }
    }

    private let state = Mutex(State())
    private let highWater: Int
    private let lowWater: Int
    private let onDrained: @Sendable () -> Void

    /// A channel pausing the producer at `highWater` buffered bytes and resuming it at `highWater / 2`.
    init(highWater: Int, onDrained: @escaping @Sendable () -> Void) {
        self.highWater = highWater
        self.lowWater = highWater / 2
        self.onDrained = onDrained
    }

    /// Engine side: offers a chunk (copied when taken).
    func offer(_ bytes: UnsafeRawBufferPointer) -> Offer {
        let (offer, reader): (Offer, CheckedContinuation<Result<[UInt8]?, HTTPError>, Never>?) = state.withLock { state in
            if state.end != nil { return (.abort, nil) }
            if let reader = state.reader {
                state.reader = nil
                return (.accepted, reader)
            }
            if state.bufferedBytes >= highWater {
                state.producerPaused = true
                state.pauses += 1
                return (.pause, nil)
            }
            state.chunks.append(Array(bytes))
            state.bufferedBytes += bytes.count
            state.peakBufferedBytes = max(state.peakBufferedBytes, state.bufferedBytes)
            return (.accepted, nil)
        }
        reader?.resume(returning: .success(Array(bytes)))
        return offer
    }

    /// Engine side: the body ended (successfully or not). Chunks already buffered are still delivered first.
    func finish(_ result: Result<Void, HTTPError>) {
        let reader = state.withLock { state in
            if state.end == nil { state.end = result }
            defer { state.reader = nil }
            return state.reader
        }
        reader?.resume(returning: Self.ending(result))
    }

    /// Reader side: the reader is gone or cancelled. Drops buffered chunks and ends the body with `error`.
    /// Returns true if the body was still open, i.e. the transfer should be aborted.
    @discardableResult
    func close(_ error: HTTPError) -> Bool {
        let (wasOpen, reader) = state.withLock { state in
            let wasOpen = state.end == nil
            if wasOpen { state.end = .failure(error) }
            state.chunks = []
            state.firstChunk = 0
            state.bufferedBytes = 0
            defer { state.reader = nil }
            return (wasOpen, state.reader)
        }
        reader?.resume(returning: .failure(error))
        return wasOpen
    }

    /// Reader side: the next chunk, nil at the end of the body, or the error that ended it.
    func next() async -> Result<[UInt8]?, HTTPError> {
        await withCheckedContinuation { continuation in
            let (ready, resumeProducer): (Result<[UInt8]?, HTTPError>?, Bool) = state.withLock { state in
                if let chunk = state.popChunk() {
                    let resume = state.producerPaused && state.bufferedBytes <= lowWater
                    if resume { state.producerPaused = false }
                    return (.success(chunk), resume)
                }
                if let end = state.end { return (Self.ending(end), false) }
                state.reader = continuation
                return (nil, false)
            }
            if resumeProducer { onDrained() }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// For tests: the most bytes ever buffered, how often the producer was paused, and whether it is paused now.
    var statistics: (peakBufferedBytes: Int, pauses: Int, producerPaused: Bool) {
        state.withLock { ($0.peakBufferedBytes, $0.pauses, $0.producerPaused) }
    }

    private static func ending(_ end: Result<Void, HTTPError>) -> Result<[UInt8]?, HTTPError> {
        switch end {
        case .success: .success(nil)
        case .failure(let error): .failure(error)
        }
    }
}
