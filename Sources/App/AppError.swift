#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one error type of KubeLegoApp's own work (command-line validation uses ArgumentParser's): what was
/// being done, to which path, and the system's reason. Never carries file contents.
struct AppError: Error, CustomStringConvertible, Equatable {
    /// What was being done, e.g. "create tls.key".
    let operation: String
    /// The path concerned.
    let path: String
    /// The system's reason, e.g. "File exists".
    let reason: String

    /// An error for `operation` on `path` with the reason `errno` names.
    static func system(_ operation: String, _ path: String, errno code: Int32 = errno) -> AppError {
        AppError(operation: operation, path: path, reason: String(cString: strerror(code)))
    }

    /// "cannot <operation> <path>: <reason>".
    var description: String { "cannot \(operation) \(path): \(reason)" }
}
