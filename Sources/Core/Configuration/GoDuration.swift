/// Go's `time.ParseDuration` syntax, which kube-lego's duration settings have always used ("8h", "1h30m",
/// "720h", "1.5h", "300ms").
public enum GoDuration {
    private static let units: [(suffix: String, nanoseconds: Double)] = [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ]

    /// Parses `text`; nil when it is not a Go duration. A bare "0" is zero, as in Go.
    public static func parse(_ text: String) -> Duration? {
        var rest = Substring(text)
        var sign: Double = 1
        if let first = rest.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        if rest == "0" { return .zero }
        guard !rest.isEmpty else { return nil }
        var total: Double = 0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", number.filter({ $0 == "." }).count <= 1,
                let value = Double(number.hasPrefix(".") ? "0" + number : String(number))
            else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard let unit = units.first(where: { $0.suffix == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.nanoseconds
        }
        guard total.isFinite, total < 9.2e18 else { return nil }
        return .nanoseconds(Int64(sign * total))
    }

    /// Writes a duration the way Go prints one, e.g. "8h0m0s", "5m0s", "30s", "1.5s".
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if seconds == 0 && attoseconds == 0 { return "0s" }
        let negative = seconds < 0 || attoseconds < 0
        let totalSeconds = abs(seconds)
        let hours = totalSeconds / 3600
        let minutes = (totalSeconds % 3600) / 60
        let wholeSeconds = totalSeconds % 60
        var secondsText = String(wholeSeconds)
        if attoseconds != 0 {
            var fraction = String(abs(attoseconds) / 1_000_000_000)  // nanoseconds
            fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            secondsText += "." + fraction
        }
        var text = negative ? "-" : ""
        if hours > 0 { text += "\(hours)h" }
        if hours > 0 || minutes > 0 { text += "\(minutes)m" }
        return text + secondsText + "s"
    }
}
