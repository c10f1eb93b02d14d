import KubeLegoBasics
import Testing

@Suite("text helpers that replace Foundation's")
struct TextHelpersTests {
    @Test("trimmed() drops leading and trailing whitespace and newlines only", arguments: [
        ("  token\n", "token"), ("\t a b \r\n", "a b"), ("", ""), (" \n\t ", ""), ("x", "x"), ("\u{00A0}é\u{2003}", "é"),
    ])
    func trimmed(input: String, expected: String) {
        #expect(input.trimmed() == expected)
        #expect(input[...].trimmed() == expected)
    }

    @Test("fixedText prints like printf's %.Nf", arguments: [
        (1.0, 3, "1.000"), (0.0005, 3, "0.001"), (2.675, 2, "2.67"), (-1.25, 1, "-1.2"), (1234.5, 0, "1234"),
        (.infinity, 3, "inf"), (1e300, 1, "1" + String(repeating: "0", count: 300) + ".0"),
    ] as [(Double, Int, String)])
    func fixedText(value: Double, places: Int, expected: String) {
        // 1e300 is not exactly 10^300 in binary: compare its digits' length and shape, not every digit.
        if value == 1e300 {
            #expect(value.fixedText(places: places).count == expected.count)
        } else {
            #expect(value.fixedText(places: places) == expected)
        }
    }

    @Test("FileContents names the path and the system's reason")
    func fileErrors() throws {
        #expect(throws: FileReadError.self) { try FileContents.text(atPath: "/nonexistent/kube-lego") }
        do {
            _ = try FileContents.bytes(atPath: "/nonexistent/kube-lego")
        } catch {
            #expect(error.description == "/nonexistent/kube-lego: No such file or directory")
        }
        do {
            _ = try FileContents.bytes(atPath: "/")
        } catch {
            #expect(error.description == "/: Is a directory")
        }
        #expect(try FileContents.text(atPath: "/proc/self/comm").isEmpty == false)
    }

    @Test("a file larger than the limit is refused")
    func limit() {
        #expect(throws: FileReadError.self) { try FileContents.bytes(atPath: "/proc/self/maps", limit: 10) }
    }
}
