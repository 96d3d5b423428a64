import EHECore
import Foundation
import Testing

@Suite("Calendar dates")
struct LocalDateTests {
    @Test("parsing accepts only real dates written YYYY-MM-DD")
    func parsing() {
        #expect(LocalDate(iso: "2024-02-29") == LocalDate(2024, 2, 29))
        #expect(LocalDate(iso: "2025-02-29") == nil)
        #expect(LocalDate(iso: "2025-13-01") == nil)
        #expect(LocalDate(iso: "2025-1-01") == nil)
        #expect(LocalDate(iso: "01/02/2025") == nil)
        #expect(LocalDate(iso: " 2025-01-01") == nil)
        #expect(LocalDate(2025, 1, 9).iso == "2025-01-09")
        #expect(LocalDate(2024, 12, 31).iso == "2024-12-31")
        #expect(LocalDate(987, 6, 5).iso == "0987-06-05")
        #expect(LocalDate(daysSinceEpoch: 2_932_897).iso == "9999-12-31")  // held to the calendar's last day
        for offset in stride(from: -30_000, through: 30_000, by: 997) {
            let date = LocalDate(daysSinceEpoch: offset)
            #expect(LocalDate(iso: date.iso) == date, "\(offset)")
        }
    }

    @Test(
        "month arithmetic clamps to the end of shorter months",
        arguments: [
            (LocalDate(2025, 1, 31), 1, LocalDate(2025, 2, 28)),
            (LocalDate(2024, 1, 31), 1, LocalDate(2024, 2, 29)),
            (LocalDate(2024, 2, 29), 12, LocalDate(2025, 2, 28)),
            (LocalDate(2024, 2, 29), 48, LocalDate(2028, 2, 29)),
            (LocalDate(2025, 8, 31), 12, LocalDate(2026, 8, 31)),
            (LocalDate(2025, 3, 31), 1, LocalDate(2025, 4, 30)),
            (LocalDate(2025, 12, 15), 1, LocalDate(2026, 1, 15)),
            (LocalDate(2025, 1, 15), -1, LocalDate(2024, 12, 15)),
        ]
    )
    func months(start: LocalDate, months: Int, expected: LocalDate) {
        #expect(start.adding(months: months) == expected)
    }

    @Test("day counts round-trip and weekdays are right")
    func days() {
        #expect(LocalDate(1970, 1, 1).daysSinceEpoch == 0)
        #expect(LocalDate(1970, 1, 1).isoWeekday == 4)
        #expect(LocalDate(2026, 11, 30).isoWeekday == 1)
        for offset in stride(from: -30_000, through: 30_000, by: 997) {
            #expect(LocalDate(daysSinceEpoch: offset).daysSinceEpoch == offset)
        }
        #expect(LocalDate(2024, 2, 28).adding(days: 1) == LocalDate(2024, 2, 29))
        #expect(LocalDate(2024, 12, 31).adding(days: 1) == LocalDate(2025, 1, 1))
    }
}

@Suite("Timestamps")
struct TimestampTests {
    @Test("audit stamps and ISO 8601 times are UTC, zero-padded, and agree with Foundation's formatter")
    func stamps() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for seconds in [0.0, 1_798_675_200.007, 951_782_399.999, 1_709_164_800.5, -86_400.25, 4_102_444_799.0] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(date.auditStamp == formatter.string(from: date), "\(seconds)")
            #expect(date.iso8601() == ISO8601DateFormatter().string(from: date), "\(seconds)")
        }
        #expect(Date(timeIntervalSince1970: 951_782_400).iso8601() == "2000-02-29T00:00:00Z")
        // Before year 1000, the proleptic Gregorian calendar, zero-padded (Python's datetime agrees).
        #expect(Date(timeIntervalSince1970: -32_000_000_000.25).auditStamp == "0955-12-17T15:06:39.750Z")
    }
}

@Suite("Today")
struct TodayTests {
    @Test("a fixed today stays fixed; otherwise today is read in the LA's zone each time it is asked for")
    func today() throws {
        #expect(Today(fixed: LocalDate(2026, 8, 31)).date == LocalDate(2026, 8, 31))
        // UTC+14 and UTC−11 are 25 hours apart: always one or two calendar dates apart.
        let east = Today(timeZone: try #require(TimeZone(identifier: "Pacific/Kiritimati")))
        let west = Today(timeZone: try #require(TimeZone(identifier: "Pacific/Pago_Pago")))
        #expect((1...2).contains(east.date.daysSinceEpoch - west.date.daysSinceEpoch))
        #expect(Today().date == LocalDate.today(in: try #require(TimeZone(identifier: "Europe/London"))))
    }
}
