/// Host names as the responder compares them: lower case, no port, no IPv6 brackets, no trailing dot.
enum HostName {
    /// The host part of an HTTP `Host` header (RFC 9110 §7.2), or nil when the header is malformed.
    ///
    /// `Example.COM:8080` → `example.com`; `[::1]:8080` → `::1`; `[::1]` → `::1`. An unbracketed value with
    /// several colons is not a valid Host header; it is taken as a bare IPv6 literal rather than cut at a colon.
    static func fromHostHeader(_ header: Substring) -> String? {
        let value = header.trimmingASCIISpaces()
        if value.first == "[" {
            guard let close = value.firstIndex(of: "]") else { return nil }
            let address = value[value.index(after: value.startIndex)..<close]
            let rest = value[value.index(after: close)...]
            guard !address.isEmpty, rest.isEmpty || isPortSuffix(rest) else { return nil }
            return normalized(address)
        }
        let colons = value.count(where: { $0 == ":" })
        if colons == 1, let colon = value.firstIndex(of: ":") {
            guard isPortSuffix(value[colon...]) else { return nil }
            let name = value[..<colon]
            return name.isEmpty ? nil : normalized(name)
        }
        return value.isEmpty ? nil : normalized(value)
    }

    /// An identifier or host as registered: lower-cased, brackets and one trailing dot removed.
    static func normalized(_ name: some StringProtocol) -> String {
        var value = Substring(name)
        if value.first == "[", value.last == "]" {
            value = value.dropFirst().dropLast()
        }
        if value.count > 1, value.last == "." {
            value = value.dropLast()
        }
        return value.lowercased()
    }

    /// True for `:` followed by one or more ASCII digits, or by nothing (RFC 3986 allows an empty port).
    private static func isPortSuffix(_ suffix: Substring) -> Bool {
        guard suffix.first == ":" else { return false }
        return suffix.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    func trimmingASCIISpaces() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
