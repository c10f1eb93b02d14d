/// Removes credentials (`user:password@`) from URLs before they reach an error message or a log line.
public enum URLRedaction {
    /// The URL without its user-info part; other parts are kept as they are.
    public static func redact(_ url: String) -> String {
        let characters = Array(url)
        var authorityStart: Int?
        var index = 0
        while index + 2 < characters.count {
            if characters[index] == ":", characters[index + 1] == "/", characters[index + 2] == "/" {
                authorityStart = index + 3
                break
            }
            if characters[index] == "/" || characters[index] == "?" { return url }
            index += 1
        }
        guard let authorityStart else { return url }
        var authorityEnd = authorityStart
        var lastAt: Int?
        while authorityEnd < characters.count, !"/?#".contains(characters[authorityEnd]) {
            if characters[authorityEnd] == "@" { lastAt = authorityEnd }
            authorityEnd += 1
        }
        guard let lastAt else { return url }
        return String(characters[..<authorityStart]) + String(characters[(lastAt + 1)...])
    }
}
