import KubeLegoKube
import KubeLegoYAML
import Testing

@Suite("YAML through libyaml")
struct YAMLTests {
    @Test("plain scalars resolve as Kubernetes' YAML reader does; quoted and !!str ones stay strings")
    func resolution() throws {
        let text = """
            a: yes
            b: '12'
            c: 12
            d: 1.5
            e: ~
            f: !!str 12
            g: .inf
            h: 0x1F
            i: -7
            j: "true"
            k:
            l: 1e3
            m: 12abc
            """
        let values = try JSONValue.yamlDocuments(text)
        #expect(values.count == 1)
        let expected: JSONValue = .object([
            "a": .bool(true), "b": .string("12"), "c": .int(12), "d": .number("1.5"), "e": .null, "f": .string("12"),
            "g": .string(".inf"), "h": .int(31), "i": .int(-7), "j": .string("true"), "k": .null, "l": .int(1000),
            "m": .string("12abc"),
        ])
        #expect(values[0] == expected)
    }

    @Test("strings that would read back as something else are quoted, so every value survives a round trip")
    func roundTrip() throws {
        let tricky = ["true", "yes", "No", "off", "1", "-2", "1.5", "1e3", "0x1F", "", "null", "~", "y", "n", ".5",
                      "a: b", "- item", "#hash", "multi\nline", "tab\there", "ünïcødé", "'quote'", "\"double\"", "@at", "*star"]
        var object = JSONObject()
        for (index, text) in tricky.enumerated() { object["k\(index)"] = .string(text) }
        object["nested"] = .object(["list": .array([.int(1), .bool(false), .null, .array([]), .object([:])])])
        let value = JSONValue.object(object)
        let back = try JSONValue.yamlDocuments(value.yamlText)
        #expect(back == [value])
    }

    @Test("block style, two-space indent, member order kept, no document markers")
    func layout() {
        let value: JSONValue = .object(["metadata": .object(["name": .string("web"), "labels": .object(["app": .string("x")])]),
                                        "items": .array([.int(1), .string("two")])])
        #expect(value.yamlText == "metadata:\n  name: web\n  labels:\n    app: x\nitems:\n- 1\n- two\n")
    }

    @Test("every document of a stream, empty ones skipped")
    func documents() throws {
        let values = try JSONValue.yamlDocuments("---\na: 1\n---\n---\n# only a comment\n---\nb: [2, {c: d}]\n")
        #expect(values == [.object(["a": .int(1)]), .object(["b": .array([.int(2), .object(["c": .string("d")])])])])
        #expect(try JSONValue.yamlDocuments("").isEmpty)
        #expect(try JSONValue.yamlDocuments(#"{"json": ["is", "yaml"]}"#) == [.object(["json": .array([.string("is"), .string("yaml")])])])
    }

    @Test("aliases are refused with their place, never expanded")
    func aliases() {
        do {
            _ = try YAMLParser.documents("a: &x [1, 2]\nb: *x\n")
            Issue.record("an alias was accepted")
        } catch {
            #expect(error.description == "line 2, column 4: aliases are not supported")
        }
    }

    @Test("broken YAML names line, column and libyaml's problem, never the text itself")
    func errors() {
        do {
            _ = try YAMLParser.documents("users:\n- name: admin\n  token: s3cr3t-t0ken\n   bad: [s3cr3t-t0ken\n")
            Issue.record("broken YAML was accepted")
        } catch {
            #expect(error.line == 4)
            #expect(!error.description.contains("s3cr3t"))
            #expect(error.description.hasPrefix("line 4, column "))
        }
        #expect(throws: YAMLError.self) { try YAMLParser.documents("a: \u{0}") }
    }

    @Test("a key written twice in one mapping is refused at its second place, without naming it")
    func duplicateKeys() {
        do {
            _ = try YAMLParser.documents("user:\n  token: a\n  other: b\n  token: c\n")
            Issue.record("a duplicated key was accepted")
        } catch {
            #expect(error.description == "line 4, column 3: a key appears twice in one mapping")
        }
        #expect((try? YAMLParser.documents("a: {x: 1}\nb: {x: 1}\n"))?.count == 1, "the same key in two mappings is fine")
    }

    @Test("nesting deeper than the limit is refused, not recursed into")
    func depth() {
        let deep = String(repeating: "[", count: YAMLParser.maximumDepth + 1) + String(repeating: "]", count: YAMLParser.maximumDepth + 1)
        #expect(throws: YAMLError.self) { try YAMLParser.documents(deep) }
        let fine = String(repeating: "[", count: YAMLParser.maximumDepth) + String(repeating: "]", count: YAMLParser.maximumDepth)
        #expect((try? YAMLParser.documents(fine))?.count == 1)
    }

    @Test("a mapping key that is not a scalar is refused when converting to JSON")
    func complexKey() {
        #expect(throws: YAMLError.self) { try JSONValue.yamlDocuments("? [a, b]\n: c\n") }
    }
}
