import KubeLegoBasics
import Testing

@Suite("civil calendar")
struct CivilCalendarTests {
    @Test("days since 1970-01-01 across eras, leap days and before the epoch", arguments: [
        (1970, 1, 1, 0), (2000, 2, 29, 11_016), (2000, 3, 1, 11_017), (1969, 12, 31, -1), (1600, 1, 1, -135_140),
        (2100, 3, 1, 47_541), (9999, 12, 31, 2_932_896),
    ] as [(Int64, Int64, Int64, Int64)])
    func days(year: Int64, month: Int64, day: Int64, expected: Int64) {
        #expect(CivilCalendar.daysSinceEpoch(year: year, month: month, day: day) == expected)
    }

    @Test("month lengths follow the Gregorian leap rule; months outside 1-12 have no days")
    func monthLengths() {
        #expect(CivilCalendar.daysIn(month: 2, year: 2024) == 29)
        #expect(CivilCalendar.daysIn(month: 2, year: 1900) == 28)
        #expect(CivilCalendar.daysIn(month: 2, year: 2000) == 29)
        #expect(CivilCalendar.daysIn(month: 4, year: 2026) == 30)
        #expect(CivilCalendar.daysIn(month: 13, year: 2026) == 0)
        #expect(CivilCalendar.daysIn(month: 0, year: 2026) == 0)
    }
}
