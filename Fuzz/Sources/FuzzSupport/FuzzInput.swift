/// The bytes of one libFuzzer input, copied (libFuzzer owns the buffer only for the call).
public func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Ends the run as a crash when a property the harness checks does not hold; libFuzzer then saves the input.
public func require(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    guard !condition else { return }
    fatalError("fuzz property violated: \(message())", file: file, line: line)
}

extension Array where Element == UInt8 {
    /// The parts between `separator` bytes, at most `maxParts` (the last keeps any further separators).
    public func fuzzParts(separator: UInt8, maxParts: Int) -> [ArraySlice<UInt8>] {
        split(separator: separator, maxSplits: Swift.max(0, maxParts - 1), omittingEmptySubsequences: false)
    }
}
