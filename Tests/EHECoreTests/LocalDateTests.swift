import EHECore
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
