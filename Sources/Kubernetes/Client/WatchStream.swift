import KubeLegoHTTP

/// The events of one watch request, decoded from the newline-delimited JSON body as they arrive.
///
/// Ends normally when the server closes the stream (e.g. after `timeoutSeconds`); throws `.transport` when the
/// connection breaks and `.cancelled` when the consuming task is cancelled. Dropping the iterator aborts the
/// transfer.
public struct WatchStream<Object: KubeResource>: AsyncSequence, Sendable {
    /// A decoded watch event.
    public typealias Element = WatchEvent<Object>
    /// Failures are `KubeError`s.
    public typealias Failure = KubeError

    let body: HTTPBodyStream
    let label: String

    /// Starts iterating the events.
    public func makeAsyncIterator() -> Iterator {
        Iterator(chunks: body.makeAsyncIterator(), label: label)
    }

    /// Splits body chunks into lines and decodes each.
    public struct Iterator: AsyncIteratorProtocol {
        private var chunks: HTTPBodyStream.AsyncIterator
        private let label: String
        private var buffer: [UInt8] = []
        private var start = 0
        private var scanned = 0
        private var finished = false

        init(chunks: HTTPBodyStream.AsyncIterator, label: String) {
            self.chunks = chunks
            self.label = label
        }

        /// The next event, or nil at the end of the stream.
        public mutating func next() async throws(KubeError) -> WatchEvent<Object>? {
            try await next(isolation: nil)
        }

        /// The next event, or nil at the end of the stream, staying on the caller's actor.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(KubeError) -> WatchEvent<Object>? {
            while true {
                if let line = nextLine() {
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
                    return try WatchEvent(line: line, label: label)
                }
                if finished {
                    let rest = buffer[start...]
                    buffer = []
                    start = 0
                    scanned = 0
                    if rest.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 || $0 == 0x0A }) { return nil }
                    return try WatchEvent(line: rest, label: label)
                }
                let chunk: [UInt8]?
                do {
                    chunk = try await chunks.next(isolation: actor)
                } catch {
                    throw Self.failure(error, label: label)
                }
                if let chunk {
                    buffer.append(contentsOf: chunk)
                } else {
                    finished = true
                }
            }
        }

        /// Removes and returns the next complete line (without its newline), compacting the buffer as it goes.
        private mutating func nextLine() -> ArraySlice<UInt8>? {
            guard let newline = buffer[scanned...].firstIndex(of: 0x0A) else {
                scanned = buffer.count
                if start > 0, start >= buffer.count / 2 {
                    buffer.removeSubrange(0..<start)
                    scanned -= start
                    start = 0
                }
                return nil
            }
            let line = buffer[start..<newline]
            start = newline + 1
            scanned = start
            return line
        }

        private static func failure(_ error: any Error, label: String) -> KubeError {
            if let error = error as? HTTPError { return KubeError(error, verb: "watch", object: label) }
            if error is CancellationError { return KubeError(.cancelled, "watch cancelled", object: label, verb: "watch") }
            return KubeError(.transport, "\(error)", object: label, verb: "watch")
        }
    }
}
