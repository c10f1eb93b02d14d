/// One node of a YAML document: what kube-lego reads (kubeconfig files, manifests) and writes (`-o yaml`).
/// Aliases are refused by the parser, so a document is a plain tree.
public indirect enum YAMLNode: Equatable, Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode])
    /// Keys and values in document order (the parser refuses a scalar key written twice).
    case mapping([YAMLPair])

    /// A plain scalar holding `text`.
    public static func plain(_ text: String) -> YAMLNode { .scalar(YAMLScalar(text)) }

    /// The value of the first entry whose key is the scalar `key`; nil when this is no mapping or has none.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = self else { return nil }
        return pairs.first { $0.key.string == key }?.value
    }

    /// A scalar's text, whatever it resolves to; nil for collections.
    public var string: String? {
        if case .scalar(let scalar) = self { return scalar.text }
        return nil
    }

    /// A scalar that resolves to a boolean (YAML 1.1: true/false, yes/no, on/off in three casings).
    public var bool: Bool? {
        guard case .scalar(let scalar) = self else { return nil }
        if case .bool(let value) = scalar.resolved { return value }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = self { return items }
        return nil
    }

    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = self { return pairs }
        return nil
    }
}

/// A mapping entry.
public struct YAMLPair: Equatable, Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(_ key: YAMLNode, _ value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A scalar's text and how it was (or is to be) written.
public struct YAMLScalar: Equatable, Sendable {
    public enum Style: Sendable {
        /// Unquoted: resolves by its text (`true`, `12`, `~`).
        case plain
        /// Quoted or block: always a string.
        case quoted
    }

    public var text: String
    public var style: Style
    /// An explicit tag (`!!str`, `!!int`), long form (`tag:yaml.org,2002:str`); nil when none was written.
    public var tag: String?

    public init(_ text: String, style: Style = .plain, tag: String? = nil) {
        self.text = text
        self.style = style
        self.tag = tag
    }
}
