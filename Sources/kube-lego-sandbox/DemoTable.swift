import Foundation
import KubeLegoCore
import KubeLegoTLS

/// The demo's result table: one line per certificate.
enum DemoTable {
    struct Row {
        let secret: ObjectReference
        let hosts: [String]
        let certificate: Certificate
    }

    static func render(_ rows: [Row]) -> String {
        let header = ["NAMESPACE/SECRET", "HOSTS", "NOT AFTER", "ISSUER"]
        let lines = rows.map { row in
            [row.secret.description, row.hosts.joined(separator: ","), row.certificate.notAfter.formatted(.iso8601),
             row.certificate.issuerCommonName ?? "-"]
        }
        let widths = header.indices.map { column in ([header] + lines).map { $0[column].count }.max() ?? 0 }
        return ([header] + lines).map { line in
            line.enumerated().map { index, cell in
                index == line.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
