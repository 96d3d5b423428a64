/// Working days in England: Monday to Friday except bank holidays (from `Config/bank-holidays.json`).
public struct WorkingDayCalendar: Sendable, Hashable {
    public let bankHolidays: Set<LocalDate>
    /// The years the bank-holiday list covers; working days outside them count weekends only.
    public let coveredYears: ClosedRange<Int>?

    public init(bankHolidays: Set<LocalDate>) {
        self.bankHolidays = bankHolidays
        let years = bankHolidays.map(\.year)
        self.coveredYears = years.min().flatMap { low in years.max().map { low...$0 } }
    }

    public func isWorkingDay(_ date: LocalDate) -> Bool {
        date.isoWeekday <= 5 && !bankHolidays.contains(date)
    }

    /// The date `count` working days after `date` (the day itself not counted).
    public func adding(workingDays count: Int, to date: LocalDate) -> LocalDate {
        var day = date
        var remaining = count
        while remaining > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }

    /// Whether the bank-holiday list covers this date's year (if not, the list needs updating).
    public func covers(_ date: LocalDate) -> Bool {
        coveredYears?.contains(date.year) ?? false
    }
}
