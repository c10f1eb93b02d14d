import Foundation
import KubeLegoApp
import KubeLegoCore
import Testing

/// The README's configuration table is the stock binary's declared settings: a setting missing from it, one it
/// lists that the code does not declare, or a different flag or default fails here.
@Suite("README configuration table")
struct SettingsDocumentationTests {
    /// Rows of the README table: variable → (flag, default).
    static func readmeRows() throws -> [String: (flag: String, defaultValue: String)] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        var rows: [String: (String, String)] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `LEGO_") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3 else { continue }
            func unquote(_ cell: String) -> String { cell == "—" ? "" : cell.trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
            rows[unquote(cells[0])] = (unquote(cells[1]), unquote(cells[2]))
        }
        return rows
    }

    @Test("every declared setting is in the README with its flag and default, and nothing else is")
    func tableMatchesDeclarations() throws {
        let rows = try Self.readmeRows()
        let settings = KubeLego.settings(.stock)
        for setting in settings {
            let row = try #require(rows[setting.variable], "\(setting.variable) is declared but not in the README table")
            #expect(row.flag == "--\(setting.flag)", "\(setting.variable): README flag \(row.flag)")
            let documented = row.defaultValue == "Let's Encrypt v2 staging" ? Configuration.letsEncryptStaging : row.defaultValue
            #expect(documented == setting.defaultValue, "\(setting.variable): README default \(row.defaultValue), code \(setting.defaultValue)")
        }
        let declared = Set(settings.map(\.variable))
        for variable in rows.keys where !declared.contains(variable) {
            Issue.record("\(variable) is in the README table but no code declares it")
        }
    }
}
