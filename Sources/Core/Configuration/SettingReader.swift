/// Reads single settings from variables: empty means unset (as in the original), legacy names are honoured
/// with a warning, and every parse failure names the variable.
struct SettingReader {
    let environment: [String: String]
    var warnings: [String] = []

    init(environment: [String: String]) { self.environment = environment }

    /// The value, or nil when unset or empty; falls back to the setting's legacy names.
    mutating func value(_ variable: String) -> String? {
        if let value = environment[variable], !value.isEmpty { return value }
        let legacy = Configuration.settings.first { $0.variable == variable }?.legacyVariables ?? []
        for name in legacy {
            if let value = environment[name], !value.isEmpty {
                warnings.append("\(name) is a legacy name; use \(variable)")
                return value
            }
        }
        return nil
    }

    mutating func required(_ variable: String, _ what: String) throws(CoreError) -> String {
        guard let value = value(variable) else {
            throw CoreError(.invalidSetting, "not set: provide \(what)", subject: variable)
        }
        return value
    }

    /// A comma-separated list, entries trimmed (and lowercased unless told not to), empty entries dropped.
    mutating func list(_ variable: String, lowercase: Bool = true) -> [String]? {
        guard let value = value(variable) else { return nil }
        let entries = value.split(separator: ",").map { entry in
            let trimmed = entry.trimmingCharacters(in: " \t")
            return lowercase ? trimmed.lowercased() : trimmed
        }
        return entries.filter { !$0.isEmpty }
    }

    mutating func duration(_ variable: String, default fallback: Duration, minimum: Duration) throws(CoreError) -> Duration {
        guard let text = value(variable) else { return fallback }
        guard let duration = GoDuration.parse(text) else {
            throw Configuration.invalid(variable, text, "a duration such as 30s, 5m or 8h")
        }
        guard duration >= minimum else {
            throw Configuration.invalid(variable, text, "at least \(GoDuration.format(minimum))")
        }
        return duration
    }

    mutating func integer(_ variable: String, default fallback: Int, range: ClosedRange<Int>) throws(CoreError) -> Int {
        guard let text = value(variable) else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw Configuration.invalid(variable, text, "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    mutating func multiplier(_ variable: String, default fallback: Double) throws(CoreError) -> Double {
        guard let text = value(variable) else { return fallback }
        guard let number = Double(text), number.isFinite, number >= 1 else {
            throw Configuration.invalid(variable, text, "a number of at least 1, e.g. 2.0")
        }
        return number
    }

    mutating func boolean(_ variable: String, default fallback: Bool) throws(CoreError) -> Bool {
        guard let text = value(variable)?.lowercased() else { return fallback }
        switch text {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw Configuration.invalid(variable, text, "true or false")
        }
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ variable: String, default fallback: Choice
    ) throws(CoreError) -> Choice where Choice.RawValue == String {
        guard let text = value(variable) else { return fallback }
        guard let choice = Choice(rawValue: text.lowercased()) else {
            throw Configuration.invalid(variable, text, Choice.allCases.map(\.rawValue).joined(separator: " or "))
        }
        return choice
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
