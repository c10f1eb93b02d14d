#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// The per-Secret certificate series (`kube_lego_certificate_not_after_seconds`,
/// `kube_lego_certificate_renewal_timestamp_seconds`, `kube_lego_certificate_ready{condition}`), kept in one table
/// and written straight in Prometheus' text format by the metrics endpoint.
///
/// A metrics backend keeps a series object per label set; swift-prometheus copies a family's label sets each time
/// one is added, so registering four series for each of 10,000 Secrets made a controller's first pass quadratic
/// (23 CPU s). Here a Secret is one row, set and removed in O(1).
public final class CertificateSeriesTable: Sendable {
    /// The table the controller records into unless told otherwise, and that `kube-lego run` serves.
    public static let shared = CertificateSeriesTable()

    struct Row: Sendable, Equatable {
        var notAfter: Double?
        var renewal: Double?
        var ready: Bool?
    }

    private let rows = Mutex<[ObjectReference: Row]>([:])

    public init() {}

    /// How many Secrets have series.
    public var count: Int { rows.withLock { $0.count } }

    func update(_ secret: ObjectReference, _ change: (inout Row) -> Void) {
        rows.withLock { rows in change(&rows[secret, default: Row()]) }
    }

    func remove(_ secret: ObjectReference) {
        _ = rows.withLock { $0.removeValue(forKey: secret) }
    }

    /// The series in Prometheus' text exposition format (0.0.4), Secrets in namespace/name order; nothing when the
    /// table is empty.
    public func prometheusText() -> String {
        let snapshot = rows.withLock { $0 }.sorted { ($0.key.namespace, $0.key.name) < ($1.key.namespace, $1.key.name) }
        guard !snapshot.isEmpty else { return "" }
        var text = ""
        text.reserveCapacity(snapshot.count * 300)
        family(&text, "kube_lego_certificate_not_after_seconds", "When the certificate in the Secret expires (Unix seconds).",
               snapshot.compactMap { entry in entry.value.notAfter.map { (entry.key, nil, $0) } })
        family(&text, "kube_lego_certificate_renewal_timestamp_seconds",
               "When kube-lego renews the certificate in the Secret (Unix seconds; in the past while a renewal is due).",
               snapshot.compactMap { entry in entry.value.renewal.map { (entry.key, nil, $0) } })
        family(&text, "kube_lego_certificate_ready", "1 on the condition the certificate in the Secret is in (True: valid and not due).",
               snapshot.flatMap { entry -> [(ObjectReference, String?, Double)] in
                   guard let ready = entry.value.ready else { return [] }
                   return [(entry.key, "True", ready ? 1 : 0), (entry.key, "False", ready ? 0 : 1)]
               })
        return text
    }

    private func family(_ text: inout String, _ name: String, _ help: String, _ samples: [(ObjectReference, String?, Double)]) {
        guard !samples.isEmpty else { return }
        text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
        for (secret, condition, value) in samples {
            text += "\(name){namespace=\"\(Self.escaped(secret.namespace))\",secret=\"\(Self.escaped(secret.name))\""
            if let condition { text += ",condition=\"\(condition)\"" }
            text += "} \(Self.number(value))\n"
        }
    }

    /// A label value with backslash, double quote and line feed escaped, as the format requires.
    static func escaped(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Whole numbers without a fraction (timestamps, 0 and 1), others as Swift prints a Double.
    static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
