import Logging
import Synchronization

/// A swift-log handler that keeps every entry (level, message, metadata), for tests of what is logged.
struct CapturingLogHandler: LogHandler {
    /// One captured entry.
    struct Entry: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: Logger.Metadata
    }

    /// The shared store of captured entries.
    final class Store: Sendable {
        private let storage = Mutex<[Entry]>([])

        /// Everything logged so far, in order.
        var entries: [Entry] { storage.withLock { $0 } }

        func append(_ entry: Entry) { storage.withLock { $0.append(entry) } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        store.append(Entry(level: event.level, message: event.message.description, metadata: metadata.merging(event.metadata ?? [:]) { _, new in new }))
    }

    /// A logger writing into a new store, and the store.
    static func logger() -> (Logger, Store) {
        let store = Store()
        return (Logger(label: "capture") { _ in CapturingLogHandler(store: store) }, store)
    }
}
