/// Base64 (RFC 4648) in both alphabets, shared by `Base64URL` and the PEM reader and writer.
enum Base64Codec {
    /// One of the two RFC 4648 alphabets.
    enum Alphabet {
        /// §4: `+` and `/`, used by PEM.
        case standard
        /// §5: `-` and `_`, used by JOSE.
        case url

        var symbols: [UInt8] {
            let shared = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
            switch self {
            case .standard: return shared + Array("+/".utf8)
            case .url: return shared + Array("-_".utf8)
            }
        }
    }

    private static let standardTable = decodingTable(.standard)
    private static let urlTable = decodingTable(.url)

    private static func decodingTable(_ alphabet: Alphabet) -> [Int8] {
        var table = [Int8](repeating: -1, count: 256)
        for (value, symbol) in alphabet.symbols.enumerated() {
            table[Int(symbol)] = Int8(value)
        }
        return table
    }

    /// Encodes `bytes`, with `=` padding when `padded`.
    static func encode(_ bytes: some Sequence<UInt8>, alphabet: Alphabet, padded: Bool) -> String {
        let input = Array(bytes)
        let symbols = alphabet.symbols
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index < input.count {
            let remaining = input.count - index
            let b0 = UInt32(input[index])
            let b1 = remaining > 1 ? UInt32(input[index + 1]) : 0
            let b2 = remaining > 2 ? UInt32(input[index + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            output.append(symbols[Int(group >> 18 & 63)])
            output.append(symbols[Int(group >> 12 & 63)])
            if remaining > 1 { output.append(symbols[Int(group >> 6 & 63)]) } else if padded { output.append(61) }
            if remaining > 2 { output.append(symbols[Int(group & 63)]) } else if padded { output.append(61) }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes `text`; padding is optional but, when present, must complete the last group.
    /// Returns nil for any character outside the alphabet or an impossible length.
    static func decode(_ text: some Sequence<UInt8>, alphabet: Alphabet) -> [UInt8]? {
        var symbols = Array(text)
        var padding = 0
        while symbols.last == 61 {  // "="
            symbols.removeLast()
            padding += 1
        }
        if padding > 2 || (padding > 0 && (symbols.count + padding) % 4 != 0) { return nil }
        if symbols.count % 4 == 1 { return nil }
        let table = alphabet == .standard ? standardTable : urlTable
        var output: [UInt8] = []
        output.reserveCapacity(symbols.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for symbol in symbols {
            let value = table[Int(symbol)]
            if value < 0 { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }
}
