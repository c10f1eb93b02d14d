extension Duration {
    /// The duration in seconds, as a floating-point number: the one conversion the project's modules share.
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// The duration in whole milliseconds, rounded up so that a tiny positive timeout never becomes "none" (0),
    /// clamped to what libcurl's `long` options take.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        let millis = seconds.multipliedReportingOverflow(by: 1000)
        if millis.overflow { return Int.max }
        let (total, overflow) = millis.partialValue.addingReportingOverflow(
            Int64((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000))
        return overflow ? Int.max : Int(total)
    }

    /// A short human form for messages: "5s", "300ms".
    var shortDescription: String {
        let millis = curlMilliseconds
        return millis % 1000 == 0 ? "\(millis / 1000)s" : "\(millis)ms"
    }
}
