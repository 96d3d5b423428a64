import EHECore
import EHETestSupport
import Foundation
import Testing

/// Issue 15: the probe brought the service down with one date (`9999-12-31` trapped in
/// `SchoolCalendar.lastFridayInJune`) and one number (a s.437 period of 10¹² overflowed
/// `LocalDate.adding(days:)`). These reproduce each crash at the core, then walk the public date rules
/// with the most extreme values an `Int` holds: every one must return, never trap.
@Suite("Date arithmetic and validation are total: no input traps")
struct TotalityTests {
    static let extremes = [Int.min, Int.min + 1, -1_000_000_000_000, -3_000_000, -1, 0, 1, 12, 366, 3_000_000, 1_000_000_000_000, Int.max]

    @Test("the probe's dates: a child born on 9999-12-31, the last day the type holds, is refused by rule")
    func probeDateOfBirth() {
        let record = Fixtures.simpleRecord(dateOfBirth: LocalDate(9999, 12, 31), start: LocalDate(2025, 1, 6))
        let problems = record.problems(today: LocalDate(2026, 11, 30))
        #expect(problems.map(\.field) == ["child.dateOfBirth"])
        #expect(problems.map(\.rule) == ["date_range"])
        // And the rules it used to trap in now return, at the calendar's end.
        #expect(SchoolCalendar.compulsorySchoolAgeEnd(dateOfBirth: LocalDate(9999, 12, 31)) <= LocalDate.latest)
        #expect(SchoolCalendar.lastFridayInJune(of: 10_016) == SchoolCalendar.lastFridayInJune(of: 9999))
        #expect(SchoolCalendar.lastFridayInJune(of: 9999).isoWeekday == 5)
    }

    @Test("the probe's number: a s.437 period of 10^12 days is a field-named problem, and its expiry is computable")
    func probePeriod() {
        var record = Fixtures.simpleRecord()
        record.enforcement = [EnforcementEvent(kind: .s437Notice, date: LocalDate(2026, 1, 5), periodDays: 1_000_000_000_000)]
        let problems = record.problems(today: LocalDate(2026, 11, 30))
        #expect(problems.map { "\($0.field) \($0.rule)" } == ["enforcement[0].periodDays s437_period"])
        #expect(LocalDate(2026, 1, 5).adding(days: 1_000_000_000_000) == LocalDate.latest)
    }

    @Test("adding any number of days or months stops at the calendar's ends")
    func saturatingArithmetic() {
        for date in [LocalDate.earliest, LocalDate(2024, 2, 29), LocalDate.latest] {
            for amount in Self.extremes {
                let byDays = date.adding(days: amount)
                let byMonths = date.adding(months: amount)
                #expect(LocalDate.earliest <= byDays && byDays <= LocalDate.latest)
                #expect(LocalDate.earliest <= byMonths && byMonths <= LocalDate.latest)
                if amount > 0 {
                    #expect(byDays >= date && byMonths >= date)
                } else {
                    #expect(byDays <= date && byMonths <= date)
                }
            }
        }
        #expect(LocalDate(2026, 1, 31).adding(months: 1) == LocalDate(2026, 2, 28))
        #expect(LocalDate(9999, 12, 1).adding(months: 1) == LocalDate.latest)
        #expect(LocalDate(1, 1, 31).adding(months: -1) == LocalDate.earliest)
        #expect(LocalDate(2026, 3, 1).adding(days: -1) == LocalDate(2026, 2, 28))
    }

    @Test("a day count of any size gives a date on the calendar; a literal triple out of range is held to it")
    func construction() {
        for count in Self.extremes {
            let date = LocalDate(daysSinceEpoch: count)
            #expect(LocalDate.earliest <= date && date <= LocalDate.latest)
            #expect(LocalDate(iso: date.iso) == date)
        }
        #expect(LocalDate(Int.max, Int.max, Int.max) == LocalDate.latest)
        #expect(LocalDate(Int.min, Int.min, Int.min) == LocalDate.earliest)
        #expect(LocalDate(2025, 2, 30) == LocalDate(2025, 2, 28))
        // The checked initialisers refuse instead.
        #expect(LocalDate(year: 2025, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 10_000, month: 1, day: 1) == nil)
        #expect(LocalDate(year: 0, month: 1, day: 1) == nil)
        for text in ["0000-01-01", "10000-01-01", "9999-13-01", "2025-02-29", "-001-01-01", "+2025-01-01", "2025-1-01"] {
            #expect(LocalDate(iso: text) == nil, "\(text)")
        }
    }

    @Test("every school-age rule returns for any year and any date of birth the type can hold")
    func schoolCalendarRules() {
        let births = [LocalDate.earliest, LocalDate(2016, 2, 29), LocalDate(9990, 8, 31), LocalDate(9999, 9, 1), LocalDate.latest]
        for dob in births {
            for on in [LocalDate.earliest, LocalDate(2026, 11, 30), LocalDate.latest] {
                let facts = SchoolAgeFacts(dateOfBirth: dob, asOf: on)
                #expect(facts.compulsorySchoolAgeStart <= LocalDate.latest)
                _ = SchoolCalendar.age(dateOfBirth: dob, on: on, leapDayRule: .twentyEighthOfFebruary)
                _ = SchoolCalendar.isOfCompulsorySchoolAge(dateOfBirth: dob, on: on)
            }
        }
        for year in Self.extremes {
            let leaving = SchoolCalendar.lastFridayInJune(of: year)
            #expect(leaving.month == 6 && leaving.isoWeekday == 5)
            _ = SchoolCalendar.birthday(of: LocalDate(2016, 2, 29), inYear: year)
        }
    }

    @Test("every date in a record outside 1900-01-01…2199-12-31 is named, and nothing else is judged until they are fixed")
    func everyDateHeldToTheRegisterRange() {
        var record = Fixtures.canaryRecord()
        let far = LocalDate(9999, 12, 31)
        record.episodes[0].consent.requestDate = far
        record.episodes[0].consent.decisionDate = LocalDate(1899, 12, 31)
        record.returnPlans = [ReturnPlan(targetDate: far, status: .intended)]
        record.enforcement.append(EnforcementEvent(kind: .informalEnquiry, date: far))
        let problems = record.problems(today: LocalDate(2026, 11, 30))
        #expect(Set(problems.map(\.rule)) == ["date_range"])
        #expect(
            Set(problems.map(\.field)).isSuperset(of: [
                "episodes[0].consent.requestDate", "episodes[0].consent.decisionDate", "returnPlans[0].targetDate",
            ])
        )
        // Every date the record holds is walked: a record whose dates are all far off names each one.
        #expect(problems.count == record.datedFields.filter { !LocalDate.registerRange.contains($0.date) }.count)
    }

    @Test("forward-looking and past dates are held to plausible limits, each a field-named problem")
    func plausibleLimits() {
        let today = LocalDate(2026, 11, 30)
        var record = Fixtures.simpleRecord()
        record.returnPlans = [ReturnPlan(targetDate: LocalDate(2199, 1, 1), status: .intended)]
        record.episodes[0].consent = Consent(requirement: .specialSchoolPlacement, requestDate: LocalDate(2030, 1, 1))
        record.enforcement = [EnforcementEvent(kind: .informalEnquiry, date: LocalDate(2027, 1, 1))]
        let found = Set(record.problems(today: today).map { "\($0.field) \($0.rule)" })
        #expect(
            found == [
                "returnPlans[0].targetDate plausible_date", "episodes[0].consent.requestDate date_in_future",
                "enforcement[0].date date_in_future",
            ]
        )
        record.returnPlans = [ReturnPlan(targetDate: LocalDate(2031, 9, 1), status: .intended)]
        record.episodes[0].consent = Consent(requirement: .specialSchoolPlacement, requestDate: LocalDate(2026, 11, 30))
        record.enforcement = []
        #expect(record.problems(today: today) == [])
    }
}
