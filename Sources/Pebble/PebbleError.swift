/// Why a Pebble test CA could not be started or queried; names the log file to read.
public struct PebbleError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: Sendable, Equatable {
        /// A binary (pebble, pebble-challtestsrv, openssl) could not be run or failed.
        case launch
        /// Pebble or its DNS server did not become ready in time, or exited.
        case startup
        /// The management API answered with an error.
        case management
    }

    /// What went wrong.
    public let code: Code
    /// Human-readable explanation, with the tail of the relevant log when there is one.
    public let reason: String
    /// The log file to read for details, when there is one.
    public let logFile: String?

    /// Makes an error.
    public init(_ code: Code, _ reason: String, logFile: String? = nil) {
        self.code = code
        self.reason = reason
        self.logFile = logFile
    }

    /// The reason, followed by the log file path.
    public var description: String {
        logFile.map { "\(reason) (log: \($0))" } ?? reason
    }
}
