import CKubeLegoYAML

/// Writes `YAMLNode` trees as YAML through libyaml's emitter: block style, two-space indent, no line folding.
public enum YAMLEmitter {
    /// `node` as one YAML document (no `---` or `...` markers). Quoted scalars stay quoted; plain ones are
    /// written plain when libyaml can, quoted when their text would not survive unquoted.
    public static func document(_ node: YAMLNode) throws(YAMLError) -> String {
        // On the heap: libyaml keeps working on the emitter between calls, so it must not move.
        let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
        emitter.initialize(to: yaml_emitter_t())
        defer {
            emitter.deinitialize(count: 1)
            emitter.deallocate()
        }
        guard yaml_emitter_initialize(emitter) == 1 else { throw YAMLError(problem: "libyaml could not start an emitter (out of memory)") }
        defer { yaml_emitter_delete(emitter) }
        let output = Output()
        let context = Unmanaged.passUnretained(output).toOpaque()
        yaml_emitter_set_output(emitter, { context, bytes, count in
            guard let context, let bytes else { return 0 }
            Unmanaged<Output>.fromOpaque(context).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
            return 1
        }, context)
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_indent(emitter, 2)
        yaml_emitter_set_width(emitter, -1)
        let writer = EventWriter(emitter: emitter)
        try withExtendedLifetime(output) { () throws(YAMLError) in
            try writer.emit { yaml_stream_start_event_initialize(&$0, YAML_UTF8_ENCODING) }
            try writer.emit { yaml_document_start_event_initialize(&$0, nil, nil, nil, 1) }
            try writer.node(node)
            try writer.emit { yaml_document_end_event_initialize(&$0, 1) }
            try writer.emit { yaml_stream_end_event_initialize(&$0) }
            guard yaml_emitter_flush(emitter) == 1 else { throw YAMLError(problem: "libyaml could not flush its output") }
        }
        return String(decoding: output.bytes, as: UTF8.self)
    }

    private final class Output {
        var bytes: [UInt8] = []
    }
}

/// Hands events to the emitter, which takes ownership of each one it accepts.
private struct EventWriter {
    let emitter: UnsafeMutablePointer<yaml_emitter_t>

    init(emitter: UnsafeMutablePointer<yaml_emitter_t>) {
        self.emitter = emitter
    }

    func emit(_ initialize: (inout yaml_event_t) -> Int32) throws(YAMLError) {
        var event = yaml_event_t()
        guard initialize(&event) == 1 else { throw YAMLError(problem: "libyaml could not make an event (out of memory)") }
        guard yaml_emitter_emit(emitter, &event) == 1 else {
            let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "libyaml refused an event"
            throw YAMLError(problem: problem)
        }
    }

    func node(_ node: YAMLNode) throws(YAMLError) {
        switch node {
        case .scalar(let scalar):
            var bytes = Array(scalar.text.utf8)
            let style = scalar.style == .quoted ? YAML_SINGLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE
            try emit { event in
                bytes.withUnsafeMutableBufferPointer { buffer in
                    yaml_scalar_event_initialize(&event, nil, nil, buffer.baseAddress, Int32(clamping: buffer.count), 1, 1, style)
                }
            }
        case .sequence(let items):
            try emit { yaml_sequence_start_event_initialize(&$0, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE) }
            for item in items { try self.node(item) }
            try emit { yaml_sequence_end_event_initialize(&$0) }
        case .mapping(let pairs):
            try emit { yaml_mapping_start_event_initialize(&$0, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE) }
            for pair in pairs {
                try self.node(pair.key)
                try self.node(pair.value)
            }
            try emit { yaml_mapping_end_event_initialize(&$0) }
        }
    }
}
