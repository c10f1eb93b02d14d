#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read: the path and the system's own words ("No such file or directory").
public struct FileReadError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String

    public var description: String { "\(path): \(reason)" }
}

/// Whole-file reads with the system's reason on failure (Foundation's `String(contentsOfFile:)` reports a
/// `CocoaError` whose text names no cause on Linux).
public enum FileContents {
    /// The file's bytes. Refuses directories and files larger than `limit` bytes.
    public static func bytes(atPath path: String, limit: Int = 16 << 20) throws(FileReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path)
            }
            bytes.append(contentsOf: chunk[..<count])
            guard bytes.count <= limit else { throw FileReadError(path: path, reason: "larger than \(limit) bytes") }
        }
    }

    /// The file's text, which must be UTF-8.
    public static func text(atPath path: String, limit: Int = 16 << 20) throws(FileReadError) -> String {
        let bytes = try bytes(atPath: path, limit: limit)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FileReadError(path: path, reason: "not UTF-8 text")
        }
        return text
    }

    private static func failure(_ path: String) -> FileReadError {
        FileReadError(path: path, reason: String(cString: strerror(errno)))
    }
}
