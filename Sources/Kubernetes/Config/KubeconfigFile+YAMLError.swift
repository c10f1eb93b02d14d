import Yams

extension KubeconfigFile {
    /// Where and why `error` (from Yams) says the YAML is broken, without any of the YAML itself: Yams'
    /// own description quotes the offending line, and in a kubeconfig that line may hold a token or a key.
    /// libyaml's problem and context texts are fixed phrases, so they are kept; duplicated key names are not.
    static func describeYAMLError(_ error: any Error) -> String {
        guard let yamlError = error as? YamlError else { return "unreadable YAML (\(type(of: error)))" }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text), from line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return "line \(mark.line), column \(mark.column): \(problem)\(during)"
        case .reader(let problem, let offset, _, let yaml):
            guard let offset, let (line, column) = position(ofCharacter: offset, in: yaml) else { return problem }
            return "line \(line), column \(column): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "line \(context.mark.line), column \(context.mark.column): \(duplicates.count) duplicated key(s) in a mapping"
        case .memory:
            return "out of memory"
        default:
            return "unreadable YAML"
        }
    }

    /// The 1-based line and column (in Unicode scalars) of the character at `offset` in `text`.
    private static func position(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int)? {
        guard offset >= 0, let end = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex) else { return nil }
        var line = 1
        var column = 1
        for scalar in text[..<end].unicodeScalars {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
