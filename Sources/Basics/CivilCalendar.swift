/// Proleptic Gregorian dates as days since 1970-01-01, without Foundation's Calendar (which would need ICU).
public enum CivilCalendar {
    /// Days from 1970-01-01 to `year`-`month`-`day` (H. Hinnant's days-from-civil: eras of 400 years; valid for
    /// any year, month 1-12, day 1-31; the caller checks the day exists).
    public static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The number of days in `month` (1-12) of `year`.
    public static func daysIn(month: Int64, year: Int64) -> Int64 {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...12).contains(month) ? lengths[Int(month) - 1] : 0
    }
}
