/// The body chunks of a streaming response; ends normally at the end of the body and throws `HTTPError` on
/// failure. Meant for one reader.
///
/// Back-pressure: when the reader is slower than the network, at most about 1 MiB is buffered, then the
/// transfer is paused until the reader has drained half of it. Cancelling the reading task, or dropping the
/// iterator (e.g. `break` out of `for try await`), aborts the transfer and closes its connection.
public struct HTTPBodyStream: AsyncSequence, Sendable {
    /// One chunk of body bytes, as received (chunk boundaries carry no meaning).
    public typealias Element = [UInt8]
    /// The one error type of this module.
    public typealias Failure = HTTPError

    let lease: StreamLease

    /// Reads the chunks in order.
    public struct AsyncIterator: AsyncIteratorProtocol {
        /// One chunk of body bytes.
        public typealias Element = [UInt8]
        /// The one error type of this module.
        public typealias Failure = HTTPError

        private let stream: StreamLease
        private let iteration: StreamLease
        private var finished = false

        init(stream: StreamLease) {
            self.stream = stream
            self.iteration = stream.sibling()
        }

        /// The next chunk, or nil after the last one.
        public mutating func next() async throws(HTTPError) -> [UInt8]? {
            if finished { return nil }
            let result = await Self.nextChunk(from: iteration)
            return try deliver(result)
        }

        /// The next chunk, or nil after the last one.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(HTTPError) -> [UInt8]? {
            if finished { return nil }
            let result = await Self.nextChunk(from: iteration)
            return try deliver(result)
        }

        private mutating func deliver(_ result: Result<[UInt8]?, HTTPError>) throws(HTTPError) -> [UInt8]? {
            switch result {
            case .success(let chunk?):
                return chunk
            case .success(nil):
                finished = true
                return nil
            case .failure(let error):
                finished = true
                throw error
            }
        }

        private static func nextChunk(from iteration: StreamLease) async -> Result<[UInt8]?, HTTPError> {
            let cancelled = iteration.cancellation("the reading task was cancelled")
            return await withTaskCancellationHandler {
                await iteration.channel.next()
            } onCancel: {
                iteration.abort(cancelled)
            }
        }
    }

    /// An iterator; dropping it before the end aborts the transfer.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(stream: lease)
    }
}
