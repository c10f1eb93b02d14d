public import Foundation

/// Parses the HTTP `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
public enum RetryAfter {
    /// The latest moment a Retry-After can name: 9999-12-31T23:59:59Z, the last an HTTP-date (or a Kubernetes
    /// timestamp) can express. Delay-seconds reaching further are capped to it, so no consumer ever meets a date
    /// its own conversions cannot hold (the back-off record's KubeTime.format trapped on one).
    public static let latest = Date(timeIntervalSince1970: 253_402_300_799)

    /// The moment the header names, relative to `now`; nil when absent or unparseable.
    /// Negative delays are rejected; a date in the past yields that date (the caller retries at once); delays
    /// beyond `latest` give `latest`.
    public static func date(from value: String?, now: Date) -> Date? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if value.allSatisfy(\.isASCIIDigit) {
            guard let seconds = Int(value) else { return nil }  // overflowing digit strings
            return min(now.addingTimeInterval(TimeInterval(seconds)), latest)
        }
        return httpDate(value)
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
