/// Why a text is not YAML kube-lego can read, or could not be written. The description names the place and
/// libyaml's fixed problem phrase, never any of the text itself (a kubeconfig line may hold a token).
public struct YAMLError: Error, CustomStringConvertible, Sendable {
    /// 1-based line and column (in characters) of the problem; nil when libyaml gave none.
    public let line: Int?
    public let column: Int?
    /// libyaml's problem ("mapping values are not allowed in this context") or ours.
    public let problem: String
    /// What libyaml was reading when it found the problem, and where that started.
    public let context: String?

    public init(line: Int? = nil, column: Int? = nil, problem: String, context: String? = nil) {
        self.line = line
        self.column = column
        self.problem = problem
        self.context = context
    }

    public var description: String {
        let place = line.map { line in "line \(line)" + (column.map { ", column \($0)" } ?? "") + ": " } ?? ""
        return place + problem + (context.map { " (\($0))" } ?? "")
    }
}
