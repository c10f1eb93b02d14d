import Logging
import Synchronization

/// A swift-log handler that keeps every message with its metadata, so tests can read what the client did.
struct CapturingLogHandler: LogHandler {
    /// The shared store of captured entries.
    final class Store: Sendable {
        private let entries = Mutex<[(message: String, metadata: Logger.Metadata)]>([])

        func append(_ message: String, _ metadata: Logger.Metadata) { entries.withLock { $0.append((message, metadata)) } }

        /// The string values of metadata `key` on messages equal to `message`.
        func values(of key: String, where message: String) -> [String] {
            entries.withLock { entries in
                entries.filter { $0.message == message }.compactMap { entry in
                    if case .string(let value) = entry.metadata[key] { return value }
                    return nil
                }
            }
        }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        store.append(event.message.description, metadata.merging(event.metadata ?? [:]) { _, new in new })
    }
}
