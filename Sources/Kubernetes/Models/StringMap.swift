/// An order-preserving view of a JSON object whose values are strings (labels, annotations, ConfigMap data).
///
/// Writing a key that exists keeps its position; a new key is appended, so an edited map serializes with its
/// other members exactly where they were.
public struct StringMap: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The underlying JSON object.
    public var raw: JSONObject

    /// Wraps a JSON object; non-string members are kept but read as absent.
    public init(raw: JSONObject) {
        self.raw = raw
    }

    /// A map with the given entries in order.
    public init(dictionaryLiteral elements: (String, String)...) {
        var raw = JSONObject()
        for (key, value) in elements { raw[key] = .string(value) }
        self.raw = raw
    }

    /// The string value for `key`; setting nil removes the key.
    public subscript(key: String) -> String? {
        get { raw[key]?.stringValue }
        set { raw[key] = newValue.map(JSONValue.string) }
    }

    /// The keys in order.
    public var keys: [String] { raw.keys }
    /// The number of members.
    public var count: Int { raw.count }
    /// Whether the map has no members.
    public var isEmpty: Bool { raw.isEmpty }
    /// The string members as a dictionary (order is lost; for comparisons and lookups).
    public var dictionary: [String: String] {
        var out: [String: String] = [:]
        for (key, value) in raw { if let string = value.stringValue { out[key] = string } }
        return out
    }

    /// Iterates `(key, value)` pairs of string members in order.
    public func makeIterator() -> IndexingIterator<[(key: String, value: String)]> {
        var pairs: [(key: String, value: String)] = []
        for (key, value) in raw { if let string = value.stringValue { pairs.append((key, string)) } }
        return pairs.makeIterator()
    }
}
