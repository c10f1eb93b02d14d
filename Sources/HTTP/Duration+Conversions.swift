extension Duration {
    /// The duration in seconds, as a floating-point number: the one conversion the project's modules share.
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// A duration of `seconds`, saturated into `range`; NaN gives the lower bound.
    ///
    /// For seconds that come from outside (a `Retry-After`, a date a server or a tenant chose, a setting): the
    /// clamping happens in `Double` space, before any integer conversion, so no value, however large, small,
    /// infinite or NaN, can trap.
    public init(saturatingSeconds seconds: Double, in range: ClosedRange<Duration>) {
        if seconds.isNaN || seconds <= range.lowerBound.seconds {
            self = range.lowerBound
        } else if seconds >= range.upperBound.seconds {
            self = range.upperBound
        } else {
            self = min(max(.seconds(seconds), range.lowerBound), range.upperBound)
        }
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
