public import KubeLegoYAML

extension JSONValue {
    /// The value as a YAML document, member order kept; strings that would read back as another type are
    /// quoted. (Falls back to JSON, which is YAML too, should the emitter fail.)
    public var yamlText: String {
        (try? YAMLEmitter.document(Self.yamlNode(self))) ?? String(decoding: serialized(), as: UTF8.self)
    }

    /// Every non-empty document of a YAML (or JSON) stream as JSON values: plain scalars resolved as
    /// Kubernetes' YAML reader does (null, booleans, integers, finite floats), mapping keys must be scalars.
    public static func yamlDocuments(_ text: String) throws(YAMLError) -> [JSONValue] {
        var values: [JSONValue] = []
        for document in try YAMLParser.documents(text) {
            let value = try json(document)
            if !value.isNull { values.append(value) }
        }
        return values
    }

    private static func json(_ node: YAMLNode) throws(YAMLError) -> JSONValue {
        switch node {
        case .mapping(let pairs):
            var object = JSONObject()
            for pair in pairs {
                guard case .scalar(let key) = pair.key else { throw YAMLError(problem: "a mapping key is not a scalar") }
                object[key.text] = try json(pair.value)
            }
            return .object(object)
        case .sequence(let items):
            var values: [JSONValue] = []
            for item in items { values.append(try json(item)) }
            return .array(values)
        case .scalar(let scalar):
            switch scalar.resolved {
            case .null: return .null
            case .bool(let flag): return .bool(flag)
            case .int(let integer): return .int(integer)
            case .float(let number): return Int(exactly: number).map { .int($0) } ?? .number(String(number))
            case .string(let text): return .string(text)
            }
        }
    }

    private static func yamlNode(_ value: JSONValue) -> YAMLNode {
        switch value {
        case .null: return .plain("null")
        case .bool(let flag): return .plain(flag ? "true" : "false")
        case .number(let literal): return .plain(literal)
        case .string(let text):
            let ambiguous = YAMLScalar(text).resolved != .string(text)
                || ["y", "n"].contains(text.lowercased()) || Double(text) != nil
            return .scalar(YAMLScalar(text, style: ambiguous ? .quoted : .plain))
        case .array(let items): return .sequence(items.map(yamlNode))
        case .object(let object): return .mapping(object.map { YAMLPair(.plain($0.key), yamlNode($0.value)) })
        }
    }
}
