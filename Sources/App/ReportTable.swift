#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import KubeLegoCore
import KubeLegoKube

/// Plain-text rendering of reports: aligned columns, colours only when standard output is a terminal (and
/// `NO_COLOR` is unset).
struct ReportTable {
    let colours: Bool

    /// Colours when stdout is a TTY and NO_COLOR is not set.
    static var forStandardOutput: ReportTable {
        ReportTable(colours: isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
    }

    /// Columns padded to the widest cell; the last column is not padded.
    func render(header: [String], rows: [[String]], colourColumn: Int? = nil, colourOf: (String) -> String? = { _ in nil }) -> String {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String], colour: Bool) -> String {
            cells.enumerated().map { index, cell in
                let padded = index == cells.count - 1 ? cell : cell + String(repeating: " ", count: max(0, widths[index] - cell.count))
                guard colour, colours, index == colourColumn, let code = colourOf(cell) else { return padded }
                return "\u{1B}[\(code)m\(cell)\u{1B}[0m" + String(repeating: " ", count: padded.count - cell.count)
            }.joined(separator: "  ")
        }
        return ([line(header, colour: false)] + rows.map { line($0, colour: true) }).joined(separator: "\n")
    }

    /// The ANSI colour code of a state: green valid, yellow pending, red failing.
    static func colour(of state: String) -> String? {
        switch CertificateState(rawValue: state) {
        case .valid: "32"
        case .renewalDue, .missing, .issuing: "33"
        case .backingOff, .refused: "31"
        case nil: nil
        }
    }

    /// A date as the tables show it (UTC, to the minute), or "-".
    static func date(_ date: Date?) -> String {
        guard let date else { return "-" }
        return String(KubeTime.format(date).prefix(16)).replacing("T", with: " ")
    }
}
