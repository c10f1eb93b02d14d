import CKubeLegoYAML

/// Reads YAML through libyaml's event parser and builds `YAMLNode` trees.
public enum YAMLParser {
    /// The deepest nesting accepted: deeper documents are refused rather than risking the stack of whoever
    /// walks the tree recursively.
    public static let maximumDepth = 256

    /// Every document of a YAML stream (JSON is YAML too), in order; an empty stream has none.
    /// Aliases (`*name`) are refused: nothing kube-lego reads needs them, and expanding them lets a small
    /// text grow into a huge tree.
    public static func documents(_ text: String) throws(YAMLError) -> [YAMLNode] {
        // On the heap: libyaml keeps working on the parser between calls, so it must not move.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        defer {
            parser.deinitialize(count: 1)
            parser.deallocate()
        }
        guard yaml_parser_initialize(parser) == 1 else { throw YAMLError(problem: "libyaml could not start a parser (out of memory)") }
        defer { yaml_parser_delete(parser) }
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(YAMLError) -> [YAMLNode] in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            var builder = TreeBuilder()
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(parser, &event) == 1 else { throw parserError(parser.pointee) }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return builder.documents }
                try builder.handle(event)
            }
        }
    }

    private static func parserError(_ parser: yaml_parser_t) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable YAML"
        if parser.error == YAML_READER_ERROR {
            return YAMLError(problem: "\(problem) at byte \(parser.problem_offset)")
        }
        let context = parser.context.map { context in
            "\(String(cString: context)), from line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1)"
        }
        return YAMLError(line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1, problem: problem, context: context)
    }
}

/// Turns parser events into trees, one open collection per stack frame.
private struct TreeBuilder {
    enum Frame {
        case sequence([YAMLNode])
        case mapping([YAMLPair], pendingKey: YAMLNode?)
    }

    var documents: [YAMLNode] = []
    private var stack: [Frame] = []
    private var root: YAMLNode?

    mutating func handle(_ event: yaml_event_t) throws(YAMLError) {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            root = nil
        case YAML_DOCUMENT_END_EVENT:
            documents.append(root ?? .plain(""))
        case YAML_ALIAS_EVENT:
            throw YAMLError(line: event.start_mark.line + 1, column: event.start_mark.column + 1, problem: "aliases are not supported")
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
            let tag = data.tag.map { String(cString: $0) }
            let style: YAMLScalar.Style = data.style == YAML_PLAIN_SCALAR_STYLE ? .plain : .quoted
            let node = YAMLNode.scalar(YAMLScalar(text, style: style, tag: tag))
            if isDuplicateKey(node) {
                // The key itself is not named: in a kubeconfig it could be anything the user pasted.
                throw YAMLError(line: event.start_mark.line + 1, column: event.start_mark.column + 1, problem: "a key appears twice in one mapping")
            }
            add(node)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            guard stack.count < YAMLParser.maximumDepth else {
                throw YAMLError(line: event.start_mark.line + 1, column: event.start_mark.column + 1,
                                problem: "nested deeper than \(YAMLParser.maximumDepth) levels")
            }
            stack.append(event.type == YAML_SEQUENCE_START_EVENT ? .sequence([]) : .mapping([], pendingKey: nil))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            switch stack.popLast() {
            case .sequence(let items): add(.sequence(items))
            case .mapping(let pairs, _): add(.mapping(pairs))
            case nil: break
            }
        default:
            break
        }
    }

    private mutating func add(_ node: YAMLNode) {
        switch stack.popLast() {
        case nil:
            root = node
        case .sequence(var items):
            items.append(node)
            stack.append(.sequence(items))
        case .mapping(var pairs, let key?):
            pairs.append(YAMLPair(key, node))
            stack.append(.mapping(pairs, pendingKey: nil))
        case .mapping(let pairs, nil):
            stack.append(.mapping(pairs, pendingKey: node))
        }
    }

    /// A scalar key already present in the innermost open mapping (YAML requires keys to be unique; taking
    /// either copy silently could change a credential). Linear in the mapping's size: kubeconfigs and
    /// manifests have small mappings.
    func isDuplicateKey(_ key: YAMLNode) -> Bool {
        guard case .mapping(let pairs, nil)? = stack.last, case .scalar(let scalar) = key else { return false }
        return pairs.contains { pair in
            if case .scalar(let existing) = pair.key { return existing.text == scalar.text }
            return false
        }
    }
}
