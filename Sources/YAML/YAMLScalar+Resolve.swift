extension YAMLScalar {
    /// What a scalar stands for.
    public enum Resolved: Equatable, Sendable {
        case null
        case bool(Bool)
        case int(Int)
        /// A finite number that is not an integer (or too large for one), as written.
        case float(Double)
        case string(String)
    }

    /// The scalar's value under the YAML 1.1 rules Kubernetes' YAML reader applies: quoted scalars are strings,
    /// plain ones become null, booleans (including yes/no/on/off), integers (decimal, 0x hex, 0o octal) or
    /// floats by their text; an explicit `!!str` tag keeps the text. `.inf` and `.nan` stay strings.
    public var resolved: Resolved {
        if let tag {
            if tag == "tag:yaml.org,2002:str" { return .string(text) }
            if tag == "tag:yaml.org,2002:null" { return .null }
        }
        guard style == .plain else { return .string(text) }
        if Self.nulls.contains(text) { return .null }
        if Self.trues.contains(text) { return .bool(true) }
        if Self.falses.contains(text) { return .bool(false) }
        if let integer = Self.integer(text) { return .int(integer) }
        if Self.looksLikeFloat(text), let number = Double(text), number.isFinite { return .float(number) }
        return .string(text)
    }

    private static let nulls: Set<String> = ["", "~", "null", "Null", "NULL"]
    private static let trues: Set<String> = ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"]
    private static let falses: Set<String> = ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"]

    private static func integer(_ text: String) -> Int? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        let magnitude: Int?
        if digits.hasPrefix("0x") {
            magnitude = digits.count > 2 ? Int(digits.dropFirst(2), radix: 16) : nil
        } else if digits.hasPrefix("0o") {
            magnitude = digits.count > 2 ? Int(digits.dropFirst(2), radix: 8) : nil
        } else if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            magnitude = Int(digits)
        } else {
            magnitude = nil
        }
        guard let magnitude else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`: Swift's `Double(_:)` alone would also take
    /// "inf", "nan" and hexadecimal floats.
    private static func looksLikeFloat(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        let mantissa = rest.prefix { $0 != "e" && $0 != "E" }
        let exponent = rest.dropFirst(mantissa.count)
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits: (Substring) -> Bool = { $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard !mantissa.isEmpty, parts.allSatisfy(isDigits), parts.contains(where: { !$0.isEmpty }) else { return false }
        guard !exponent.isEmpty else { return true }
        var power = exponent.dropFirst()
        if power.first == "-" || power.first == "+" { power = power.dropFirst() }
        return !power.isEmpty && isDigits(power)
    }
}
