/// Ordered, multi-valued, case-insensitive header list (request headers to send, response headers received).
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// One header field as it appears on the wire: name and value.
    public typealias Element = (name: String, value: String)

    private var fields: [(name: String, value: String)]

    /// Headers from name/value pairs, kept in the given order.
    public init(_ pairs: [(String, String)] = []) {
        fields = pairs.map { (name: $0.0, value: $0.1) }
    }

    /// Headers from a literal such as `["Accept": "application/json"]`, kept in the written order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The first value of the header `name` (case-insensitive), or nil.
    public subscript(name: String) -> String? {
        fields.first { Self.same($0.name, name) }?.value
    }

    /// All values of the header `name` (case-insensitive), in the order received, e.g. several `Link` headers.
    public func values(_ name: String) -> [String] {
        fields.filter { Self.same($0.name, name) }.map(\.value)
    }

    /// Whether a header called `name` (case-insensitive) is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { Self.same($0.name, name) }
    }

    /// Appends a value, keeping the values already present under that name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Sets the header `name` to exactly one value: replaces the first occurrence in place, drops the others,
    /// or appends when absent.
    public mutating func replace(_ name: String, _ value: String) {
        guard let first = fields.firstIndex(where: { Self.same($0.name, name) }) else {
            add(name, value)
            return
        }
        fields[first] = (name: name, value: value)
        var index = fields.index(after: first)
        while index < fields.endIndex {
            if Self.same(fields[index].name, name) { fields.remove(at: index) } else { index += 1 }
        }
    }

    /// Removes every value of the header `name` (case-insensitive).
    public mutating func remove(_ name: String) {
        fields.removeAll { Self.same($0.name, name) }
    }

    /// The number of header fields (a multi-valued header counts once per value).
    public var count: Int { fields.count }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    private static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.lowercased() == b.lowercased()
    }
}

extension HTTPHeaders: CustomStringConvertible {
    /// The header names only: values may carry credentials and are never printed.
    public var description: String {
        "HTTPHeaders(" + fields.map(\.name).joined(separator: ", ") + ")"
    }
}
