import EHECore
import EHEReports
import Foundation
import Testing

@Suite("iCalendar feed (RFC 5545)")
struct ICalendarTests {
    let items = [
        DueItem(reference: CaseReference(number: 12), kind: .annualContact, dueDate: LocalDate(2026, 12, 1), officer: "A", sequence: 2),
        DueItem(reference: CaseReference(number: 7), kind: .ehcpDecision, dueDate: LocalDate(2026, 11, 2), officer: nil),
    ]

    func render(name: String = "EHE reminders") -> String {
        ICalendarFeed(name: name, uidDomain: "ehe-register.e09999999", generatedAt: Date(timeIntervalSince1970: 1_795_000_000))
            .render(items, asOf: LocalDate(2026, 11, 30), dueSoonDays: 14)
    }

    /// Unfolds content lines (RFC 5545 §3.1) after checking every physical line is CRLF-terminated and at
    /// most 75 octets.
    func contentLines(_ text: String) throws -> [String] {
        let bytes = Array(text.utf8)
        #expect(bytes.suffix(2) == [13, 10])
        var physical: [String] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 10 {
            #expect(index > 0 && bytes[index - 1] == 13, "bare LF at \(index)")
            let line = Array(bytes[start..<(index - 1)])
            #expect(line.count <= 75, "line of \(line.count) octets")
            physical.append(try #require(String(validating: line, as: UTF8.self), "a fold split a UTF-8 character"))
            start = index + 1
        }
        var logical: [String] = []
        for line in physical {
            if line.hasPrefix(" ") {
                logical[logical.count - 1] += line.dropFirst()
            } else {
                logical.append(line)
            }
        }
        return logical
    }

    @Test("the feed is well formed: CRLF, 75-octet folding, one VEVENT per item with required properties")
    func wellFormed() throws {
        let lines = try contentLines(render())
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        #expect(lines.contains("VERSION:2.0") && lines.contains { $0.hasPrefix("PRODID:") })
        #expect(lines.contains("REFRESH-INTERVAL;VALUE=DURATION:PT12H") && lines.contains("X-PUBLISHED-TTL:PT12H"))
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 2 && lines.filter { $0 == "BEGIN:VALARM" }.count == 2)
        #expect(lines.contains("UID:EHE-000012-annual_contact@ehe-register.e09999999"))
        #expect(lines.contains("SEQUENCE:2"))
        #expect(lines.contains("DTSTART;VALUE=DATE:20261201") && lines.contains("DTEND;VALUE=DATE:20261202"))
        #expect(lines.contains("SUMMARY:EHE-000007: EHCP review decision (overdue)"))
        #expect(lines.contains("DTSTAMP:20261118T110640Z"))
        #expect(lines.contains("CATEGORIES:EHE,annual_contact"))
    }

    @Test("long and non-ASCII text folds without splitting characters, and escapes are applied")
    func foldingAndEscaping() throws {
        let name = String(repeating: "Zoë’s caseload; team, north\\south ", count: 6)
        let lines = try contentLines(render(name: name))
        let calendarName = try #require(lines.first { $0.hasPrefix("X-WR-CALNAME:") })
        #expect(calendarName == "X-WR-CALNAME:" + ICalendarFeed.escape(name))
        #expect(ICalendarFeed.escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne")
    }

    @Test("the same items give the same UIDs; nothing but reference, kind, dates and status is written")
    func stableAndImpersonal() throws {
        #expect(render() == render())
        let text = render()
        #expect(!text.contains("A\r\n") && !text.contains("officer"))
    }
}
