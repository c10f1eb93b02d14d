import KubeLegoCore

/// Reads `kube-lego run` flags (`--flag value` or `--flag=value`) into the variables they stand for, using
/// the declared settings: one declaration gives both the variable and the flag.
enum SettingFlags {
    /// The variables the flags set; throws `invalidSetting` naming an unknown flag or one without a value.
    static func parse(_ arguments: [String], settings: [Setting]) throws(CoreError) -> [String: String] {
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw CoreError(.invalidSetting, "unexpected argument \"\(argument)\": settings are --flag value", subject: "kube-lego run")
            }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let setting = settings.first(where: { $0.flag == name }) else {
                throw CoreError(.invalidSetting, "unknown flag --\(name); see kube-lego run --help", subject: "kube-lego run")
            }
            if value == nil, index < arguments.count {
                value = arguments[index]
                index += 1
            }
            guard let value else {
                throw CoreError(.invalidSetting, "--\(name) needs a value", subject: setting.variable)
            }
            values[setting.variable] = value
        }
        return values
    }
}
