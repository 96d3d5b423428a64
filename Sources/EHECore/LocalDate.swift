public import Foundation

/// A calendar date with no time and no time zone, as used in education law ("on 31 August").
///
/// Arithmetic is done on a day count from 1970-01-01 in the proleptic Gregorian calendar, so nothing
/// depends on the machine's time zone or locale. The text form is ISO 8601 `YYYY-MM-DD`.
public struct LocalDate: Sendable, Hashable, Comparable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or returns nil when the day does not exist (e.g. 2025-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), year >= 1, year <= 9999,
            (1...LocalDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Creates a date from a triple known to exist (a literal, or a rule's fixed day such as 31 August).
    ///
    /// Total: an impossible triple never traps. The year is held to the calendar (`earliest`…`latest`), the
    /// month to 1…12 and the day to the month's days, so 2025-02-30 gives 2025-02-28. Dates from outside
    /// go through `init?(year:month:day:)` or `init?(iso:)`, which refuse instead.
    public init(_ year: Int, _ month: Int, _ day: Int) {
        let year = min(max(year, 1), 9999)
        let month = min(max(month, 1), 12)
        self.year = year
        self.month = month
        self.day = min(max(day, 1), LocalDate.daysIn(month: month, year: year))
    }

    /// The first and last days the type can hold. Arithmetic that would leave them stops at them
    /// (saturates), so no input can make a date rule trap; the register itself only takes dates from
    /// `registerRange`, well inside.
    public static let earliest = LocalDate(1, 1, 1)
    public static let latest = LocalDate(9999, 12, 31)

    /// The dates the register takes from outside (case documents, forms, query parameters, flags): every
    /// date rule (year group, compulsory school age, review clocks, census windows) is defined well inside
    /// it, so none of them can run off the calendar. Defined once, here.
    public static let registerRange = LocalDate(1900, 1, 1)...LocalDate(2199, 12, 31)

    /// Why a date from outside is refused, if it is.
    public static let registerRangeMessage = "must be between 1900-01-01 and 2199-12-31"

    /// Parses strict ISO 8601 `YYYY-MM-DD`; returns nil for anything else.
    public init?(iso text: String) {
        // Read the ten bytes in place: this runs for every date of every case when statistics are made.
        var fields = (0, 0, 0)
        var count = 0
        for byte in text.utf8 {
            defer { count += 1 }
            switch count {
            case 4, 7:
                guard byte == UInt8(ascii: "-") else { return nil }
            case 0..<10:
                guard byte >= 48, byte <= 57 else { return nil }
                let digit = Int(byte - 48)
                if count < 4 {
                    fields.0 = fields.0 * 10 + digit
                } else if count < 7 {
                    fields.1 = fields.1 * 10 + digit
                } else {
                    fields.2 = fields.2 * 10 + digit
                }
            default:
                return nil
            }
        }
        guard count == 10 else { return nil }
        self.init(year: fields.0, month: fields.1, day: fields.2)
    }

    /// The date `daysSinceEpoch` days after 1970-01-01 (negative for earlier dates), held to
    /// `earliest`…`latest`.
    public init(daysSinceEpoch: Int) {
        // Howard Hinnant's civil_from_days, on a day count held to the calendar (so nothing below overflows).
        let z = min(max(daysSinceEpoch, LocalDate.earliestDay), LocalDate.latestDay) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.year = y
        self.month = m
        self.day = d
    }

    /// Days from 1970-01-01 to this date.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        guard (0...9999).contains(year) else {
            func pad(_ value: Int, _ width: Int) -> String {
                let text = String(value)
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        }
        // Byte by byte: dates are written for every field of every case document and audit entry.
        return String(unsafeUninitializedCapacity: 10) { buffer in
            writeISO(into: buffer)
            return 10
        }
    }

    /// Writes `YYYY-MM-DD` into the first ten bytes of `buffer`; the year must be 0…9999.
    func writeISO(into buffer: UnsafeMutableBufferPointer<UInt8>) {
        buffer.writeDigits(year, width: 4, at: 0)
        buffer[4] = UInt8(ascii: "-")
        buffer.writeDigits(month, width: 2, at: 5)
        buffer[7] = UInt8(ascii: "-")
        buffer.writeDigits(day, width: 2, at: 8)
    }

    /// Day of the week, 1 = Monday … 7 = Sunday (ISO 8601).
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        let offset = (daysSinceEpoch % 7 + 7) % 7
        return (offset + 3) % 7 + 1
    }

    /// Day counts of `earliest` and `latest` (0001-01-01 and 9999-12-31).
    static let earliestDay = -719_162
    static let latestDay = 2_932_896

    /// The date `days` later (earlier when negative); stops at `earliest` or `latest`, never traps.
    public func adding(days: Int) -> LocalDate {
        let (sum, overflow) = daysSinceEpoch.addingReportingOverflow(days)
        if overflow { return days < 0 ? .earliest : .latest }
        return LocalDate(daysSinceEpoch: sum)
    }

    /// The same day of the month `months` later, clamped to the month's last day when that day does not
    /// exist there: 31 Jan + 1 month = 28 (or 29) Feb; 29 Feb 2024 + 12 months = 28 Feb 2025.
    ///
    /// Clamping moves a due date earlier, never later, so a "within 12 months" duty is never missed.
    /// Stops at `earliest` or `latest`, never traps.
    public func adding(months: Int) -> LocalDate {
        let (total, overflow) = (year * 12 + (month - 1)).addingReportingOverflow(months)
        if overflow || total < 12 { return months < 0 ? .earliest : .latest }
        let newYear = total / 12
        guard newYear <= 9999 else { return .latest }
        let newMonth = total % 12 + 1
        return LocalDate(newYear, newMonth, min(day, LocalDate.daysIn(month: newMonth, year: newYear)))
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: LocalDate) -> Int {
        other.daysSinceEpoch - daysSinceEpoch
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Today's date in the given time zone (England: Europe/London).
    public static func today(
        in timeZone: TimeZone = TimeZone(identifier: "Europe/London") ?? .gmt,
        now: Date = Date()
    ) -> LocalDate {
        // From the zone's offset at this instant (daylight saving included) rather than through a `Calendar`,
        // which cost more than the rest of a request when asked for several times in each one.
        let local = now.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: now))
        return LocalDate(daysSinceEpoch: Int((local / 86_400).rounded(.down)))
    }
}

extension LocalDate: CustomStringConvertible {
    public var description: String { iso }
}

extension LocalDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a date as YYYY-MM-DD"
            )
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

/// Where "today" comes from: a fixed date (training registers, tests: `EHE_TODAY`) or the calendar date in
/// the LA's time zone now — read afresh each time, so a service running past midnight moves on with it.
public struct Today: Sendable {
    public let fixed: LocalDate?
    public let timeZone: TimeZone

    public init(fixed: LocalDate? = nil, timeZone: TimeZone = TimeZone(identifier: "Europe/London") ?? .gmt) {
        self.fixed = fixed
        self.timeZone = timeZone
    }

    public var date: LocalDate { fixed ?? LocalDate.today(in: timeZone) }
}

extension UnsafeMutableBufferPointer<UInt8> {
    /// Writes `value` (not negative) as `width` decimal digits, zero-padded, starting at `offset`.
    func writeDigits(_ value: Int, width: Int, at offset: Int) {
        var rest = value
        for index in stride(from: offset + width - 1, through: offset, by: -1) {
            self[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }
}
