#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's standard error, written whole with write(2) (Foundation's `FileHandle.standardError`, without
/// Foundation). A short write continues where it stopped; an interrupted one is retried; other failures (a closed
/// descriptor, say) drop the rest, as there is nowhere left to report them.
public enum StandardError {
    public static func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    public static func write(bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
