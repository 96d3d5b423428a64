/// The date rules of English education law that the register computes from a date of birth
/// (DOMAIN.md §9). Year group and compulsory school age are always computed, never stored.
///
/// - Academic year: 1 September to 31 August, named by the calendar year it starts in.
/// - Year group (NCY): `ay(date) - ay(dob) - 5`; Reception = 0, Year 11 = 11, negative before school,
///   12–13 post-16 (EA 1996 and the DfE "expected year group").
/// - Compulsory school age (s.8 EA 1996) starts on the first prescribed day (31 Mar, 31 Aug, 31 Dec) on or
///   after the fifth birthday, and ends at the end of the school leaving date (last Friday in June) of the
///   school year in which the child turns 16.
public enum SchoolCalendar {
    /// The academic year a date falls in, named by its starting calendar year (2025 for 2025/26).
    public static func academicYear(of date: LocalDate) -> Int {
        date.month >= 9 ? date.year : date.year - 1
    }

    /// An academic year's name, written as DfE files write it: `2025/26` for the year starting in 2025.
    public static func academicYearLabel(_ first: Int) -> String {
        "\(first)/\(String(format2: (first + 1) % 100))"
    }

    /// National curriculum year (expected year group) on `date` for a child born on `dob`.
    public static func yearGroup(dateOfBirth dob: LocalDate, on date: LocalDate) -> Int {
        academicYear(of: date) - academicYear(of: dob) - 5
    }

    /// A birthday in a given calendar year. A 29 February birthday falls on `rule` in a common year.
    public static func birthday(
        of dob: LocalDate,
        inYear year: Int,
        leapDayRule rule: LeapDayBirthdayRule = .firstOfMarch
    ) -> LocalDate {
        if dob.month == 2, dob.day == 29, !LocalDate.isLeap(year) {
            switch rule {
            case .firstOfMarch: return LocalDate(year, 3, 1)
            case .twentyEighthOfFebruary: return LocalDate(year, 2, 28)
            }
        }
        return LocalDate(year, dob.month, dob.day)
    }

    /// Age in whole years on `date`.
    public static func age(
        dateOfBirth dob: LocalDate,
        on date: LocalDate,
        leapDayRule rule: LeapDayBirthdayRule = .firstOfMarch
    ) -> Int {
        let thisYearsBirthday = birthday(of: dob, inYear: date.year, leapDayRule: rule)
        return date.year - dob.year - (date < thisYearsBirthday ? 1 : 0)
    }

    /// The first day of compulsory school age: the fifth birthday if it is a prescribed day, otherwise the
    /// next prescribed day (31 March, 31 August, 31 December). A 29 February birth gives 31 March under
    /// either leap-day rule.
    public static func compulsorySchoolAgeStart(dateOfBirth dob: LocalDate) -> LocalDate {
        let fifth = birthday(of: dob, inYear: dob.year + 5)
        let spring = LocalDate(fifth.year, 3, 31)
        let summer = LocalDate(fifth.year, 8, 31)
        return fifth <= spring ? spring : fifth <= summer ? summer : LocalDate(fifth.year, 12, 31)
    }

    /// The last day of compulsory school age: the school leaving date (last Friday in June) in the
    /// school year in which the child turns 16. The child is of compulsory school age to the end of it.
    public static func compulsorySchoolAgeEnd(dateOfBirth dob: LocalDate) -> LocalDate {
        lastFridayInJune(of: academicYear(of: dob) + 17)
    }

    /// Whether the child is of compulsory school age on `date` (both end days included).
    public static func isOfCompulsorySchoolAge(dateOfBirth dob: LocalDate, on date: LocalDate) -> Bool {
        compulsorySchoolAgeStart(dateOfBirth: dob) <= date && date <= compulsorySchoolAgeEnd(dateOfBirth: dob)
    }

    /// The school leaving date of a calendar year: the last Friday in June.
    public static func lastFridayInJune(of year: Int) -> LocalDate {
        let june30 = LocalDate(year, 6, 30)
        let back = (june30.isoWeekday - 5 + 7) % 7
        return june30.adding(days: -back)
    }

    /// The label DfE uses for a year group ("Reception", "Year 1" … "Year 11"); other values are outside
    /// the statutory range and labelled by their number ("Year -1", "Year 12").
    public static func yearGroupLabel(_ ncy: Int) -> String {
        ncy == 0 ? "Reception" : "Year \(ncy)"
    }
}

/// Which day a 29 February birthday falls on in a common year. It changes only age in whole years;
/// compulsory school age and year group are the same under either rule (DOMAIN.md §9.4).
public enum LeapDayBirthdayRule: String, Sendable, Codable, CaseIterable {
    case firstOfMarch = "03-01"
    case twentyEighthOfFebruary = "02-28"
}

/// Everything `ehe year-group` reports about a date of birth on a date.
public struct SchoolAgeFacts: Sendable, Equatable, Codable {
    public var dateOfBirth: LocalDate
    public var asOf: LocalDate
    public var academicYear: String
    public var yearGroup: Int
    public var yearGroupLabel: String
    public var ageInYears: Int
    public var compulsorySchoolAgeStart: LocalDate
    public var compulsorySchoolAgeEnd: LocalDate
    public var ofCompulsorySchoolAge: Bool

    public init(dateOfBirth: LocalDate, asOf: LocalDate, leapDayRule: LeapDayBirthdayRule = .firstOfMarch) {
        self.dateOfBirth = dateOfBirth
        self.asOf = asOf
        let ay = SchoolCalendar.academicYear(of: asOf)
        self.academicYear = SchoolCalendar.academicYearLabel(ay)
        self.yearGroup = SchoolCalendar.yearGroup(dateOfBirth: dateOfBirth, on: asOf)
        self.yearGroupLabel = SchoolCalendar.yearGroupLabel(yearGroup)
        self.ageInYears = SchoolCalendar.age(dateOfBirth: dateOfBirth, on: asOf, leapDayRule: leapDayRule)
        self.compulsorySchoolAgeStart = SchoolCalendar.compulsorySchoolAgeStart(dateOfBirth: dateOfBirth)
        self.compulsorySchoolAgeEnd = SchoolCalendar.compulsorySchoolAgeEnd(dateOfBirth: dateOfBirth)
        self.ofCompulsorySchoolAge = compulsorySchoolAgeStart <= asOf && asOf <= compulsorySchoolAgeEnd
    }
}

extension String {
    /// Two-digit zero-padded form of a number from 0 to 99.
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}
