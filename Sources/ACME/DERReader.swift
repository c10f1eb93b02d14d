/// A minimal reader of DER (X.690) TLV structures: just enough to find a certificate's serial number and
/// authority key identifier for ARI. Every length is checked against the input; nothing is trusted.
struct DERReader {
    /// One TLV element: its tag byte and the bytes of its contents.
    struct Element {
        let tag: UInt8
        let contents: ArraySlice<UInt8>
    }

    private var bytes: ArraySlice<UInt8>

    /// Reads the elements in `bytes`, one after another.
    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// True when every element has been read.
    var isAtEnd: Bool { bytes.isEmpty }

    /// Reads the next element; nil when the input is truncated or uses an unsupported encoding.
    mutating func next() -> Element? {
        guard let tag = bytes.first else { return nil }
        var index = bytes.index(after: bytes.startIndex)
        guard index < bytes.endIndex else { return nil }
        let first = bytes[index]
        index += 1
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else {
            let count = Int(first & 0x7F)
            guard count > 0, count <= 4, bytes.endIndex - index >= count else { return nil }
            for byte in bytes[index..<index + count] { length = length << 8 | Int(byte) }
            index += count
        }
        guard tag & 0x1F != 0x1F, bytes.endIndex - index >= length else { return nil }
        let contents = bytes[index..<index + length]
        bytes = bytes[(index + length)...]
        return Element(tag: tag, contents: contents)
    }

    /// Reads the next element and requires `tag`.
    mutating func next(tag: UInt8) -> Element? {
        guard let element = next(), element.tag == tag else { return nil }
        return element
    }
}
