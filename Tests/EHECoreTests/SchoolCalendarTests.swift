import EHECore
import Testing

@Suite("Year group and compulsory school age (DOMAIN.md §9)")
struct SchoolCalendarTests {
    struct WorkedExample: Sendable, CustomTestStringConvertible {
        let dob: LocalDate
        let csaStart: LocalDate
        let csaEnd: LocalDate
        let ncy2025: Int
        var testDescription: String { "born \(dob)" }
    }

    /// DOMAIN.md §9.3, verbatim.
    static let workedExamples: [WorkedExample] = [
        .init(dob: LocalDate(2019, 2, 10), csaStart: LocalDate(2024, 3, 31), csaEnd: LocalDate(2035, 6, 29), ncy2025: 2),
        .init(dob: LocalDate(2019, 3, 31), csaStart: LocalDate(2024, 3, 31), csaEnd: LocalDate(2035, 6, 29), ncy2025: 2),
        .init(dob: LocalDate(2019, 4, 1), csaStart: LocalDate(2024, 8, 31), csaEnd: LocalDate(2035, 6, 29), ncy2025: 2),
        .init(dob: LocalDate(2019, 8, 31), csaStart: LocalDate(2024, 8, 31), csaEnd: LocalDate(2035, 6, 29), ncy2025: 2),
        .init(dob: LocalDate(2019, 9, 1), csaStart: LocalDate(2024, 12, 31), csaEnd: LocalDate(2036, 6, 27), ncy2025: 1),
        .init(dob: LocalDate(2007, 9, 23), csaStart: LocalDate(2012, 12, 31), csaEnd: LocalDate(2024, 6, 28), ncy2025: 13),
        .init(dob: LocalDate(2008, 7, 15), csaStart: LocalDate(2013, 8, 31), csaEnd: LocalDate(2024, 6, 28), ncy2025: 13),
        .init(dob: LocalDate(2008, 9, 1), csaStart: LocalDate(2013, 12, 31), csaEnd: LocalDate(2025, 6, 27), ncy2025: 12),
        .init(dob: LocalDate(2010, 6, 30), csaStart: LocalDate(2015, 8, 31), csaEnd: LocalDate(2026, 6, 26), ncy2025: 11),
    ]

    @Test("worked examples from DOMAIN.md §9.3", arguments: workedExamples)
    func workedExample(_ example: WorkedExample) {
        #expect(SchoolCalendar.compulsorySchoolAgeStart(dateOfBirth: example.dob) == example.csaStart)
        #expect(SchoolCalendar.compulsorySchoolAgeEnd(dateOfBirth: example.dob) == example.csaEnd)
        // Any day of 2025/26 gives the same year group: first day, census day, last day.
        for day in [LocalDate(2025, 9, 1), LocalDate(2025, 10, 2), LocalDate(2026, 8, 31)] {
            #expect(SchoolCalendar.yearGroup(dateOfBirth: example.dob, on: day) == example.ncy2025)
        }
    }

    @Test("the last Friday in June matches the published list for 2024–2036")
    func lastFridayInJune() {
        let expected = [
            2024: 28, 2025: 27, 2026: 26, 2027: 25, 2028: 30, 2029: 29, 2030: 28, 2031: 27, 2032: 25, 2033: 24,
            2034: 30, 2035: 29, 2036: 27,
        ]
        for (year, day) in expected {
            let date = SchoolCalendar.lastFridayInJune(of: year)
            #expect(date == LocalDate(year, 6, day), "\(year)")
            #expect(date.isoWeekday == 5)
        }
    }

    @Test("31 August and 1 September births fall in different year groups")
    func augustAndSeptemberBirths() {
        let census = LocalDate(2025, 10, 2)
        // Aged 11 on 31 August 2025: Year 7. A day younger: 10 on that day, Year 6.
        #expect(SchoolCalendar.yearGroup(dateOfBirth: LocalDate(2014, 8, 31), on: census) == 7)
        #expect(SchoolCalendar.yearGroup(dateOfBirth: LocalDate(2014, 9, 1), on: census) == 6)
        // On 31 August a child is still in last year's group; on 1 September everyone moves up.
        let dob = LocalDate(2014, 9, 1)
        #expect(SchoolCalendar.yearGroup(dateOfBirth: dob, on: LocalDate(2026, 8, 31)) == 6)
        #expect(SchoolCalendar.yearGroup(dateOfBirth: dob, on: LocalDate(2026, 9, 1)) == 7)
    }

    @Test(
        "a fifth birthday on a prescribed day starts compulsory school age that day",
        arguments: [
            (LocalDate(2019, 3, 31), LocalDate(2024, 3, 31)),
            (LocalDate(2019, 8, 31), LocalDate(2024, 8, 31)),
            (LocalDate(2019, 12, 31), LocalDate(2024, 12, 31)),
            (LocalDate(2020, 1, 1), LocalDate(2025, 3, 31)),
            (LocalDate(2019, 9, 1), LocalDate(2024, 12, 31)),
        ]
    )
    func prescribedDays(dob: LocalDate, start: LocalDate) {
        #expect(SchoolCalendar.compulsorySchoolAgeStart(dateOfBirth: dob) == start)
        #expect(!SchoolCalendar.isOfCompulsorySchoolAge(dateOfBirth: dob, on: start.adding(days: -1)))
        #expect(SchoolCalendar.isOfCompulsorySchoolAge(dateOfBirth: dob, on: start))
    }

    @Test("compulsory school age runs to the end of the school leaving date and not a day more")
    func leavingDate() {
        let dob = LocalDate(2010, 6, 30)  // leaves CSA on 26 June 2026, before turning 16
        #expect(SchoolCalendar.isOfCompulsorySchoolAge(dateOfBirth: dob, on: LocalDate(2026, 6, 26)))
        #expect(!SchoolCalendar.isOfCompulsorySchoolAge(dateOfBirth: dob, on: LocalDate(2026, 6, 27)))
        // Turns 16 after the leaving date but before 1 September: still that leaving date (s.8(3)(a)).
        #expect(SchoolCalendar.compulsorySchoolAgeEnd(dateOfBirth: LocalDate(2010, 8, 31)) == LocalDate(2026, 6, 26))
        // Born 1 September: a year later.
        #expect(SchoolCalendar.compulsorySchoolAgeEnd(dateOfBirth: LocalDate(2010, 9, 1)) == LocalDate(2027, 6, 25))
    }

    @Test("29 February births: same CSA and year group under either leap-day rule; age follows the rule")
    func leapDayBirth() {
        let dob = LocalDate(2020, 2, 29)
        #expect(SchoolCalendar.compulsorySchoolAgeStart(dateOfBirth: dob) == LocalDate(2025, 3, 31))
        #expect(SchoolCalendar.compulsorySchoolAgeEnd(dateOfBirth: dob) == LocalDate(2036, 6, 27))
        #expect(SchoolCalendar.yearGroup(dateOfBirth: dob, on: LocalDate(2025, 10, 2)) == 1)
        // Default rule: the birthday is 1 March in a common year.
        #expect(SchoolCalendar.age(dateOfBirth: dob, on: LocalDate(2025, 2, 28)) == 4)
        #expect(SchoolCalendar.age(dateOfBirth: dob, on: LocalDate(2025, 3, 1)) == 5)
        #expect(SchoolCalendar.age(dateOfBirth: dob, on: LocalDate(2025, 2, 28), leapDayRule: .twentyEighthOfFebruary) == 5)
        #expect(SchoolCalendar.age(dateOfBirth: dob, on: LocalDate(2028, 2, 29)) == 8)
        #expect(SchoolCalendar.age(dateOfBirth: dob, on: LocalDate(2028, 2, 28)) == 7)
    }

    @Test("a Reception child is not of compulsory school age at the autumn census")
    func receptionAtAutumnCensus() {
        let facts = SchoolAgeFacts(dateOfBirth: LocalDate(2020, 9, 15), asOf: LocalDate(2025, 10, 2))
        #expect(facts.yearGroup == 0)
        #expect(facts.yearGroupLabel == "Reception")
        #expect(!facts.ofCompulsorySchoolAge)
        #expect(facts.compulsorySchoolAgeStart == LocalDate(2025, 12, 31))
        #expect(facts.academicYear == "2025/26")
    }
}
