#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoBasics

/// Parses the durations kube-lego's settings take: Go's notation for the units that make sense here
/// ("2m", "1m30s", "90s", "1.5s", "500ms", "1h"), or a bare number of seconds ("120").
/// Written here because this module does not import Core (whose GoDuration covers all of Go's units).
public enum DurationText {
    /// The longest duration accepted (about 292 years, as Go's): longer ones could not be slept for or
    /// converted to milliseconds without trapping.
    static let maximumSeconds: Double = 9_223_372_036

    /// The duration, or nil when `text` is not one of the forms above, is negative, or is longer than
    /// `maximumSeconds`.
    public static func parse(_ text: String) -> Duration? {
        let text = text.trimmed()
        guard !text.isEmpty else { return nil }
        if let seconds = Int(text), seconds >= 0 {
            return Double(seconds) <= maximumSeconds ? .seconds(seconds) : nil
        }
        var total: Double = 0
        var rest = Substring(text)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            case "ms": total += value / 1000
            default: return nil
            }
        }
        guard total.isFinite, total <= maximumSeconds else { return nil }
        return .milliseconds(Int64((total * 1000).rounded()))
    }
}
