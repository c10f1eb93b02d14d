extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines (Unicode's, as `Character.isWhitespace`
    /// defines them): Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)` without Foundation.
    public func trimmed() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
