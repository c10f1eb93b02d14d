#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import KubeLegoBasics

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
        guard let value = value?.trimmed(), !value.isEmpty else { return nil }
        let latest = now.addingTimeInterval(maximumDelay)
        if value.allSatisfy(\.isASCIIDigit) {
            // Any run of digits parses as a Double (huge ones as large values or infinity), then saturates.
            guard let seconds = Double(value) else { return nil }
            return now.addingTimeInterval(min(seconds, maximumDelay))
        }
        return httpDate(value).map { min($0, latest) }
    }

    /// Parses an HTTP-date in IMF-fixdate form or one of the two obsolete forms RFC 9110 §5.6.7 requires
    /// recipients to accept (RFC 850 and asctime), always in GMT.
    static func httpDate(_ text: String) -> Date? {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        switch words.count {
        case 6:  // Sun, 06 Nov 1994 08:49:37 GMT
            guard words[5] == "GMT", words[0].hasSuffix(","), shortDays.contains(String(words[0].dropLast())),
                words[1].count == 2, words[3].count == 4,
                let day = Int(words[1]), let month = month(words[2]), let year = Int(words[3])
            else { return nil }
            return date(year: year, month: month, day: day, time: words[4])
        case 4 where words[0].hasSuffix(","):  // Sunday, 06-Nov-94 08:49:37 GMT
            let parts = words[1].split(separator: "-", omittingEmptySubsequences: false)
            guard words[3] == "GMT", longDays.contains(String(words[0].dropLast())), parts.count == 3,
                parts[0].count == 2, parts[2].count == 2,
                let day = Int(parts[0]), let month = month(parts[1]), let shortYear = Int(parts[2])
            else { return nil }
            return date(year: shortYear < 70 ? 2000 + shortYear : 1900 + shortYear, month: month, day: day, time: words[2])
        case 5:  // Sun Nov  6 08:49:37 1994
            guard shortDays.contains(String(words[0])), words[2].count <= 2, words[4].count == 4,
                let month = month(words[1]), let day = Int(words[2]), let year = Int(words[4])
            else { return nil }
            return date(year: year, month: month, day: day, time: words[3])
        default:
            return nil
        }
    }

    private static let shortDays: Set<String> = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let longDays: Set<String> = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func month(_ name: Substring) -> Int? {
        months.firstIndex(of: String(name)).map { $0 + 1 }
    }

    /// The moment of a Gregorian date and an `HH:MM:SS` time in GMT; nil for impossible ones (31 Feb, 24:00:00).
    private static func date(year: Int, month: Int, day: Int, time: Substring) -> Date? {
        let clock = time.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
            let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
            (0..<24).contains(hour), (0..<60).contains(minute), (0...60).contains(second),
            (1...12).contains(month), (1...CivilCalendar.daysIn(month: Int64(month), year: Int64(year))).contains(Int64(day))
        else { return nil }
        let days = CivilCalendar.daysSinceEpoch(year: Int64(year), month: Int64(month), day: Int64(day))
        let seconds = Int(days) * 86_400 + hour * 3_600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}

extension Character {
    /// True for the ASCII digits 0-9 only (not other Unicode digits).
    var isASCIIDigit: Bool { isASCII && isNumber }
}
