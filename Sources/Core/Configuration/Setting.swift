/// One setting, declared once by whoever reads it (Core, a provider, a challenge method): its environment
/// variable, its `kube-lego run` flag, its default and what it does. `kube-lego run --help`, the start-up
/// validation and the README's configuration table all come from these declarations.
public struct Setting: Sendable, Equatable {
    /// The environment variable, e.g. "LEGO_EMAIL".
    public let variable: String
    /// The long flag of `kube-lego run`, without dashes, e.g. "email".
    public let flag: String
    /// The default as a person would write it; empty when there is none.
    public let defaultValue: String
    /// What the setting does and which values it takes.
    public let help: String
    /// Older variable names still read, with a warning.
    public let legacyVariables: [String]
    /// True for values that must never be printed (keys, passwords): help and errors show no value.
    public let isSecret: Bool

    /// Declares a setting.
    public init(
        _ variable: String, flag: String, default defaultValue: String = "", help: String, legacy: [String] = [],
        secret: Bool = false
    ) {
        self.variable = variable
        self.flag = flag
        self.defaultValue = defaultValue
        self.help = help
        self.legacyVariables = legacy
        self.isSecret = secret
    }
}

extension Setting {
    /// The line `kube-lego run --help` shows for the setting.
    public var helpLine: String {
        let defaultText = defaultValue.isEmpty ? "" : " Default: \(defaultValue)."
        return "--\(flag) <value>  \(help)\(defaultText) [\(variable)]"
    }
}
