public import EHECore
public import Foundation

/// An iCalendar (RFC 5545) feed of due items, for an officer's calendar (Outlook and others).
///
/// - Lines end with CRLF and are folded at 75 octets (a fold never splits a UTF-8 character).
/// - Text values are escaped (backslash, semicolon, comma, newline).
/// - Each item is an all-day event (`DTSTART;VALUE=DATE`, `DTEND` the next day) with a stable UID per
///   case and kind, a SEQUENCE that goes up when the date changes, and a display alarm a day before.
/// - The calendar asks to be refreshed (`REFRESH-INTERVAL`, `X-PUBLISHED-TTL`).
/// - No personal data: the summary is the case reference and what is due.
public struct ICalendarFeed: Sendable {
    public var name: String
    /// Domain part of UIDs, e.g. the LA's code: `EHE-000123-annual_contact@<domain>`.
    public var uidDomain: String
    public var refreshHours: Int
    /// Creation stamp (DTSTAMP), UTC.
    public var generatedAt: Date

    public init(name: String, uidDomain: String, refreshHours: Int = 12, generatedAt: Date = Date()) {
        self.name = name
        self.uidDomain = uidDomain
        self.refreshHours = refreshHours
        self.generatedAt = generatedAt
    }

    /// The whole calendar for these items.
    public func render(_ items: [DueItem], asOf: LocalDate, dueSoonDays: Int) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//EHE Register//Reminders//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Self.escape(name),
            "REFRESH-INTERVAL;VALUE=DURATION:PT\(refreshHours)H",
            "X-PUBLISHED-TTL:PT\(refreshHours)H",
        ]
        let stamp = Self.timestamp(generatedAt)
        for item in items {
            let status = DueStatus.of(item.dueDate, asOf: asOf, dueSoonDays: dueSoonDays)
            let summary = "\(item.reference): \(item.kind.label)" + (status == .overdue ? " (overdue)" : "")
            lines += [
                "BEGIN:VEVENT",
                "UID:\(item.reference)-\(item.kind.rawValue)@\(uidDomain)",
                "DTSTAMP:\(stamp)",
                "SEQUENCE:\(item.sequence)",
                "DTSTART;VALUE=DATE:\(Self.basic(item.dueDate))",
                "DTEND;VALUE=DATE:\(Self.basic(item.dueDate.adding(days: 1)))",
                "SUMMARY:" + Self.escape(summary),
                "DESCRIPTION:"
                    + Self.escape(
                        "Case \(item.reference)\n\(item.kind.label) due \(item.dueDate.iso); status \(status.rawValue).\nOpen the case in the EHE register for details."
                    ),
                "CATEGORIES:" + ["EHE", item.kind.rawValue].map(Self.escape).joined(separator: ","),
                "TRANSP:TRANSPARENT",
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "DESCRIPTION:" + Self.escape(summary),
                "TRIGGER:-P1D",
                "END:VALARM",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined()
    }

    /// Escapes a TEXT value (RFC 5545 §3.3.11).
    public static func escape(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "\\": output += "\\\\"
            case ";": output += "\\;"
            case ",": output += "\\,"
            case "\n": output += "\\n"
            case "\r": continue
            default: output.append(character)
            }
        }
        return output
    }

    /// One content line, folded so no physical line exceeds 75 octets, ending with CRLF (RFC 5545 §3.1).
    public static func fold(_ line: String) -> String {
        var output = ""
        var octets = 0
        var limit = 75
        for character in line {
            let size = String(character).utf8.count
            if octets + size > limit {
                output += "\r\n "
                octets = 1
                limit = 75
            }
            output.append(character)
            octets += size
        }
        return output + "\r\n"
    }

    static func basic(_ date: LocalDate) -> String {
        date.iso.replacingOccurrences(of: "-", with: "")
    }

    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2) + "T" + pad(parts.hour, 2) + pad(parts.minute, 2)
            + pad(parts.second, 2) + "Z"
    }
}
