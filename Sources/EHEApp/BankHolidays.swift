public import EHECore
import Foundation

/// Reads England and Wales bank holidays from the gov.uk `bank-holidays.json` format (an `events` list
/// of `{ "date": "YYYY-MM-DD" }`, or the whole gov.uk file with its `england-and-wales` division).
public enum BankHolidays {
    struct Event: Decodable { var date: String }
    struct Division: Decodable { var events: [Event] }

    public static func load(path: String) throws(RegisterError) -> WorkingDayCalendar {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .configuration("cannot read the bank holiday list at \(path)")
        }
        let events: [Event]
        if let division = try? JSONDecoder().decode(Division.self, from: data) {
            events = division.events
        } else if let govUK = try? JSONDecoder().decode([String: Division].self, from: data), let england = govUK["england-and-wales"] {
            events = england.events
        } else {
            throw .configuration("\(path) is not a bank holiday list (expected {\"events\": [{\"date\": \"YYYY-MM-DD\"}, …]})")
        }
        var dates: Set<LocalDate> = []
        for event in events {
            guard let date = LocalDate(iso: event.date) else {
                throw .configuration("\(path): '\(event.date)' is not a date written YYYY-MM-DD")
            }
            dates.insert(date)
        }
        return WorkingDayCalendar(bankHolidays: dates)
    }
}
