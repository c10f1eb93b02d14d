import Yams

extension JSONValue {
    /// The value as a YAML document, member order kept; strings that would read back as another type are
    /// quoted. (Falls back to JSON, which is YAML too, should the emitter fail.)
    public var yamlText: String {
        (try? Yams.serialize(node: Self.yamlNode(self), indent: 2, width: -1)) ?? String(decoding: serialized(), as: UTF8.self)
    }

    private static func yamlNode(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let flag): return Node(flag ? "true" : "false", Tag(.bool))
        case .number(let literal): return Node(literal, Tag(literal.contains(where: { ".eE".contains($0) }) ? .float : .int))
        case .string(let text):
            let ambiguous = text.isEmpty || Double(text) != nil
                || ["true", "false", "null", "yes", "no", "on", "off", "~", "y", "n"].contains(text.lowercased())
            return Node(text, Tag(.str), ambiguous ? .singleQuoted : .any)
        case .array(let items): return Node(items.map(yamlNode))
        case .object(let object): return Node(object.map { (Node($0.key), yamlNode($0.value)) })
        }
    }
}
