/// The values a binary was started with (environment variables, with `kube-lego run` flags laid over them),
/// read through the declared settings. Every reader validates and throws `CoreError.invalidSetting` naming the
/// variable, the value and what is allowed; an empty value counts as unset, as in the original kube-lego.
public struct SettingValues: Sendable {
    /// The raw variables.
    public let environment: [String: String]
    /// Legacy variable names that were used, as warnings worth logging at start-up.
    public let warnings: [String]
    private let legacy: [String: [String]]

    /// Reads `environment` through `declared` (for their legacy names).
    public init(environment: [String: String], declared: [Setting] = []) {
        self.environment = environment
        var legacy: [String: [String]] = [:]
        var warnings: [String] = []
        for setting in declared where !setting.legacyVariables.isEmpty {
            legacy[setting.variable] = setting.legacyVariables
            guard environment[setting.variable]?.isEmpty ?? true else { continue }
            if let used = setting.legacyVariables.first(where: { !(environment[$0]?.isEmpty ?? true) }) {
                warnings.append("\(used) is a legacy name; use \(setting.variable)")
            }
        }
        self.legacy = legacy
        self.warnings = warnings
    }

    /// The value, or nil when unset or empty; falls back to the setting's legacy names.
    public func value(_ variable: String) -> String? {
        if let value = environment[variable], !value.isEmpty { return value }
        for name in legacy[variable] ?? [] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        return nil
    }

    /// The value; throws naming the variable and `what` to provide when it is unset.
    public func required(_ variable: String, _ what: String) throws(CoreError) -> String {
        guard let value = value(variable) else {
            throw CoreError(.invalidSetting, "not set: provide \(what)", subject: variable)
        }
        return value
    }

    /// A comma-separated list, entries trimmed (and lowercased unless told not to), empty entries dropped.
    public func list(_ variable: String, lowercase: Bool = true) -> [String]? {
        guard let value = value(variable) else { return nil }
        let entries = value.split(separator: ",").map { entry in
            let trimmed = entry.trimmingCharacters(in: " \t")
            return lowercase ? trimmed.lowercased() : trimmed
        }
        return entries.filter { !$0.isEmpty }
    }

    /// A Go duration ("30s", "5m", "8h") of at least `minimum`.
    public func duration(_ variable: String, default fallback: Duration, minimum: Duration) throws(CoreError) -> Duration {
        guard let text = value(variable) else { return fallback }
        guard let duration = GoDuration.parse(text) else {
            throw Self.invalid(variable, text, "a duration such as 30s, 5m or 8h")
        }
        guard duration >= minimum else {
            throw Self.invalid(variable, text, "at least \(GoDuration.format(minimum))")
        }
        return duration
    }

    /// A whole number within `range`.
    public func integer(_ variable: String, default fallback: Int, range: ClosedRange<Int>) throws(CoreError) -> Int {
        guard let text = value(variable) else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw Self.invalid(variable, text, "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A finite number of at least 1.
    public func multiplier(_ variable: String, default fallback: Double) throws(CoreError) -> Double {
        guard let text = value(variable) else { return fallback }
        guard let number = Double(text), number.isFinite, number >= 1 else {
            throw Self.invalid(variable, text, "a number of at least 1, e.g. 2.0")
        }
        return number
    }

    /// true/false (also 1/0, yes/no).
    public func boolean(_ variable: String, default fallback: Bool) throws(CoreError) -> Bool {
        guard let text = value(variable)?.lowercased() else { return fallback }
        switch text {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw Self.invalid(variable, text, "true or false")
        }
    }

    /// One of an enumeration's raw values, compared case-insensitively.
    public func choice<Choice: RawRepresentable & CaseIterable>(
        _ variable: String, default fallback: Choice
    ) throws(CoreError) -> Choice where Choice.RawValue == String {
        guard let text = value(variable) else { return fallback }
        guard let choice = Choice(rawValue: text.lowercased()) else {
            throw Self.invalid(variable, text, Choice.allCases.map(\.rawValue).joined(separator: " or "))
        }
        return choice
    }

    /// The error for a value that cannot be used: names the variable, the value and what is allowed.
    public static func invalid(_ variable: String, _ value: String, _ allowed: String) -> CoreError {
        CoreError(.invalidSetting, "invalid value \"\(value)\": expected \(allowed)", subject: variable)
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
