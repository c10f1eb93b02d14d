import KubeLegoTLS
import Testing

@Suite struct Base64URLTests {
    /// RFC 4648 §10 vectors, unpadded.
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ]

    @Test func encodesRFC4648VectorsWithoutPadding() {
        for (plain, encoded) in Self.vectors {
            #expect(Base64URL.encode(plain) == encoded)
            #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        }
    }

    @Test func decodesWithAndWithoutPadding() {
        for (plain, encoded) in Self.vectors {
            #expect(Base64URL.decode(encoded) == Array(plain.utf8))
            let padded = encoded + String(repeating: "=", count: (4 - encoded.count % 4) % 4)
            #expect(Base64URL.decode(padded) == Array(plain.utf8))
        }
    }

    @Test func usesTheURLAlphabet() {
        #expect(Base64URL.encode([0xfb, 0xff, 0xbf]) == "-_-_")
        #expect(Base64URL.encode([0xff, 0xff]) == "__8")
        #expect(Base64URL.decode("-_-_") == [0xfb, 0xff, 0xbf])
    }

    @Test func roundTripsEveryByteValue() {
        let all = (0...255).map { UInt8($0) }
        for length in [0, 1, 2, 3, 4, 255, 256] {
            let bytes = Array(all.prefix(length))
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }

    @Test(arguments: ["Zm9v+", "Zm9v/", "Zm 9v", "Zm9v\n", "Z", "Zm9vY", "Zg=Zg", "Zg===", "=", "Zm8=Zm8", "é"])
    func rejectsInvalidText(_ text: String) {
        #expect(Base64URL.decode(text) == nil)
    }
}
