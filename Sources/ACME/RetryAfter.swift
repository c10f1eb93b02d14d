public import Foundation

/// Parses the HTTP `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
public enum RetryAfter {
    /// The longest wait a `Retry-After` can ask for: longer delays and later dates are shortened to this.
    ///
    /// A week covers the longest rate-limit window Let's Encrypt documents; a CA (or anything between it and
    /// kube-lego) asking for more, say `99999999999999999999` seconds or a date in the year 9999, would
    /// otherwise park a certificate's back-off for ever, or overflow the conversions downstream.
    public static let maximumDelay: TimeInterval = 7 * 86_400

    /// The moment the header names, relative to `now`, never later than `now + maximumDelay`; nil when absent
    /// or unparseable. Negative delays are rejected; a date in the past yields that date (the caller retries
    /// at once).
    public static func date(from value: String?, now: Date) -> Date? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        let latest = now.addingTimeInterval(maximumDelay)
        if value.allSatisfy(\.isASCIIDigit) {
            // Any run of digits parses as a Double (huge ones as large values or infinity), then saturates.
            guard let seconds = Double(value) else { return nil }
            return now.addingTimeInterval(min(seconds, maximumDelay))
        }
        return httpDate(value).map { min($0, latest) }
    }

    /// Parses an HTTP-date in IMF-fixdate form or one of the two obsolete forms RFC 9110 §5.6.7 requires
    /// recipients to accept (RFC 850 and asctime).
    static func httpDate(_ text: String) -> Date? {
        // HTTP-dates are ASCII. Anything else never reaches DateFormatter, whose Linux implementation leaks about
        // 130 bytes per call on text holding a character beyond the BMP (an emoji, say): a CA could repeat that.
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        for format in ["EEE, dd MMM yyyy HH:mm:ss 'GMT'", "EEEE, dd-MMM-yy HH:mm:ss 'GMT'", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            formatter.isLenient = false
            let collapsed = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            if let date = formatter.date(from: collapsed) { return date }
        }
        return nil
    }
}

extension Character {
    /// True for the ASCII digits 0-9 only (not other Unicode digits).
    var isASCIIDigit: Bool { isASCII && isNumber }
}
