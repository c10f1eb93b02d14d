import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoCore

/// `kube-lego status`: one row per served TLS entry, read-only.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show every certificate kube-lego serves: state, expiry, renewal, failures. Reads only.",
        discussion: """
            States: Valid, RenewalDue (ordered on the next pass), Issuing (an order in flight), BackingOff (the last \
            order failed; see NEXT ATTEMPT), Refused (kube-lego will not order it; the reason is printed), Missing \
            (no certificate yet). Settings are read from the LEGO_* variables, as `run` reads them.

            Exit codes: 0; 1 when an entry is in a --fail-on state; 3 when the cluster cannot be read.
            """
    )

    @OptionGroup var options: InspectionOptions

    @Option(help: "Exit 1 when an entry is failing (BackingOff or Refused), is anything but Valid (not-valid), or never.")
    var failOn: FailOn = .failing

    /// When `status` exits 1.
    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case failing, notValid = "not-valid", never
    }

    func run() async throws {
        let reports = try await options.reportsOrExit(command: "status", failureCode: 3)
        if !options.printStructured(reports) { print(Self.table(reports, style: .forStandardOutput)) }
        let failing = switch failOn {
        case .failing: reports.contains { $0.state.isFailing }
        case .notValid: reports.contains { $0.state != .valid }
        case .never: false
        }
        if failing { throw ExitCode(1) }
    }

    /// The table and, below it, what is wrong with each entry that is not valid.
    static func table(_ reports: [CertificateReport], style: ReportTable) -> String {
        guard !reports.isEmpty else { return "No served TLS entries." }
        let rows = reports.map { report in
            [
                report.objectLabel, report.secret.isEmpty ? "-" : report.secret, report.hosts.joined(separator: ","),
                report.state.rawValue, ReportTable.date(report.notAfter), ReportTable.date(report.renewsAt),
                ReportTable.date(report.nextAttempt), report.lastWarning ?? "-",
            ]
        }
        var text = style.render(
            header: [reports.contains { $0.kind != .ingress } ? "OBJECT" : "INGRESS", "SECRET", "HOSTS", "STATE", "NOT AFTER", "RENEWS AT", "NEXT ATTEMPT", "LAST WARNING"],
            rows: rows, colourColumn: 3, colourOf: ReportTable.colour(of:))
        let notes = reports.filter { $0.state != .valid }.map { report in
            "  \(report.objectLabel) \(report.entryLabel): \(report.detail)"
                + (report.lastFailure.map { "\n    last failure: \($0)" } ?? "")
        }
        if !notes.isEmpty { text += "\n\n" + notes.joined(separator: "\n") }
        return text
    }
}
