public import Logging
import Synchronization

/// A swift-log handler that keeps every entry (level, message, metadata), for tests of what is logged.
public struct CapturingLogHandler: LogHandler {
    /// One captured entry.
    public struct Entry: Sendable {
        public let level: Logger.Level
        public let message: String
        public let metadata: Logger.Metadata
    }

    /// The shared store of captured entries.
    public final class Store: Sendable {
        private let storage = Mutex<[Entry]>([])

        /// Makes an empty store.
        public init() {}

        /// Everything logged so far, in order.
        public var entries: [Entry] { storage.withLock { $0 } }

        func append(_ entry: Entry) { storage.withLock { $0.append(entry) } }

        /// The string values of metadata `key` on messages equal to `message`.
        public func values(of key: String, where message: String) -> [String] {
            entries.filter { $0.message == message }.compactMap { entry in
                if case .string(let value) = entry.metadata[key] { return value }
                return nil
            }
        }
    }

    let store: Store
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    /// A handler writing into `store`.
    public init(store: Store) {
        self.store = store
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        store.append(Entry(level: event.level, message: event.message.description, metadata: metadata.merging(event.metadata ?? [:]) { _, new in new }))
    }

    /// A logger writing into a new store, and the store.
    public static func logger() -> (Logger, Store) {
        let store = Store()
        return (Logger(label: "capture") { _ in CapturingLogHandler(store: store) }, store)
    }
}
