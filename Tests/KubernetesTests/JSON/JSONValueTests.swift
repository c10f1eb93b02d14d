import KubeLegoKube
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test("round trip keeps member order, number text and unknown fields byte for byte")
    func roundTrip() throws {
        let text = #"{"kind":"Ingress","z":1.50,"a":[1e3,-0,true,false,null],"metadata":{"name":"web","x":{"y":[]}},"s":"é\"\\\n\u0001"}"#
        let value = try JSONValue(parsing: text)
        #expect(value.jsonText == text)
        #expect(value["z"] == .number("1.50"))
        #expect(value["metadata"]?["name"]?.stringValue == "web")
        #expect(value.objectValue?.keys == ["kind", "z", "a", "metadata", "s"])
    }

    @Test("escapes decode, including surrogate pairs")
    func escapes() throws {
        let value = try JSONValue(parsing: #"["\u00e9\ud83d\ude00\/\t"]"#)
        #expect(value.arrayValue?.first?.stringValue == "é😀/\t")
        #expect(value.jsonText == "[\"é😀/\\t\"]")
    }

    @Test("editing an object keeps positions; new keys go last; nil removes")
    func editing() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["b"] = "two"
        object["d"] = .null
        object["a"] = nil
        #expect(object.keys == ["b", "c", "d"])
        #expect(JSONValue.object(object).jsonText == #"{"b":"two","c":3,"d":null}"#)
    }

    @Test(
        "malformed documents are rejected with a decoding error",
        arguments: [
            "", "{", "[1,]", "{\"a\":}", "01", "1.", "-", "tru", "\"abc", "{\"a\" 1}", "[1] x", "\"\u{01}\"",
            "\"\\ud800\"", "\"\\q\"", "{a:1}", "[1 2]", "1e", "NaN",
        ]
    )
    func rejects(_ text: String) {
        #expect(throws: KubeError.self) { try JSONValue(parsing: text) }
        do {
            _ = try JSONValue(parsing: text)
        } catch {
            #expect(error.code == .decoding)
        }
    }

    @Test("deep nesting is refused instead of overflowing the stack")
    func depthLimit() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: KubeError.self) { try JSONValue(parsing: text) }
    }

    @Test("invalid UTF-8 inside a string is rejected")
    func invalidUTF8() {
        #expect(throws: KubeError.self) { try JSONValue(parsing: [0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test("accessors answer only for their own case")
    func accessors() {
        let value: JSONValue = ["n": 42, "s": "x", "b": true, "a": [1]]
        #expect(value["n"]?.intValue == 42)
        #expect(value["n"]?.stringValue == nil)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["b"]?.boolValue == true)
        #expect(value["a"]?.arrayValue?.count == 1)
        #expect(value["missing"] == nil)
        #expect(JSONValue.string("x")["n"] == nil)
    }
}
