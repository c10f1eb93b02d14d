import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoCore
import KubeLegoKube

/// `kube-lego plan`: what the controller would do now, and why; writes nothing.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what kube-lego would order now and why, and what it refuses. Writes nothing.",
        discussion: """
            Every served TLS entry is decided exactly as the controller decides it. Lines start with + (would order), \
            ! (refused), ~ (waiting: back-off or an order in flight) or = (up to date). Settings are read from the \
            LEGO_* variables, as `run` reads them.

            Exit codes (like terraform plan -detailed-exitcode): 0 nothing to order; 2 something would be ordered; 1 \
            the cluster cannot be read.
            """
    )

    @OptionGroup var options: InspectionOptions

    func run() async throws {
        let reports = try await options.reportsOrExit(command: "plan", failureCode: 1)
        let orders = reports.filter(\.wouldOrder).count
        if !options.printStructured(reports, extra: ["wouldOrder": .int(orders)]) { print(Self.text(reports)) }
        if orders > 0 { throw ExitCode(2) }
    }

    /// One line per entry and a summary.
    static func text(_ reports: [CertificateReport]) -> String {
        let lines = reports.map { report -> String in
            let (mark, verb): (String, String) = switch report.state {
            case _ where report.wouldOrder: ("+", "order")
            case .refused: ("!", "refuse")
            case .backingOff, .issuing: ("~", "wait")
            default: ("=", "keep")
            }
            let secret = report.secret.isEmpty ? "-" : report.secret
            return "\(mark) \(report.objectLabel) \(report.entryLabel) Secret \(secret) (\(report.hosts.joined(separator: ", "))): "
                + "\(verb): \(report.detail)"
        }
        let count = { (state: CertificateState) in reports.filter { $0.state == state && !$0.wouldOrder }.count }
        let summary = "Plan: \(reports.filter(\.wouldOrder).count) to order, \(count(.refused)) refused, "
            + "\(count(.backingOff) + count(.issuing)) waiting, \(count(.valid)) up to date."
        return (lines + [summary]).joined(separator: "\n")
    }
}
