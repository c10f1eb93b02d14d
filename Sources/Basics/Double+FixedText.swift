#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Double {
    /// The value with exactly `places` digits after the point, rounded as C's `printf("%.*f")` does (what
    /// Foundation's `String(format: "%.3f", value)` gives); "nan" and "inf" as C prints them.
    public func fixedText(places: Int) -> String {
        let places = Int32(clamping: max(0, min(places, 17)))
        var buffer = [CChar](repeating: 0, count: 64)
        let written = withVaList([places, self]) { arguments in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, "%.*f", arguments) }
        }
        if written >= Int32(buffer.count) {
            // Only huge magnitudes (more than 40 integer digits) need more room.
            buffer = [CChar](repeating: 0, count: Int(written) + 1)
            _ = withVaList([places, self]) { arguments in
                buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, "%.*f", arguments) }
            }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
