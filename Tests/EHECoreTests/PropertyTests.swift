import EHECore
import EHETestSupport
import Foundation
import PropertyBased
import Testing

/// Issue 15, fuzzing the first way: properties over generated inputs. Each says what must hold for every
/// input — round trips, and "never traps, always either a value or field-named problems" — not for the
/// examples the other suites pick. (Counts are kept so the suite stays fast; Fuzz/README.md runs longer.)
@Suite("Properties: dates, case documents and search criteria")
struct PropertyTests {
    static let today = LocalDate(2026, 11, 30)
    static let anyDate = Gen.int(in: LocalDate(1900, 1, 1).daysSinceEpoch...LocalDate(2199, 12, 31).daysSinceEpoch)
        .map { LocalDate(daysSinceEpoch: $0) }

    @Test("any triple is a real date that prints and parses back, or nil; the clamping form always lands on the calendar")
    func triples() async {
        await propertyCheck(count: 2000, input: Gen.int(in: -20_000...20_000), Gen.int(in: -3...15), Gen.int(in: -3...34)) {
            year,
            month,
            day in
            if let date = LocalDate(year: year, month: month, day: day) {
                #expect(LocalDate(iso: date.iso) == date)
                #expect(LocalDate(daysSinceEpoch: date.daysSinceEpoch) == date)
            } else {
                #expect(!(1...9999).contains(year) || !(1...12).contains(month) || !(1...31).contains(day) || day > 28)
            }
            let held = LocalDate(year, month, day)
            #expect(LocalDate.earliest <= held && held <= LocalDate.latest)
        }
    }

    @Test("adding days is undone by subtracting them, and never leaves the calendar, for any amount")
    func dayArithmetic() async {
        await propertyCheck(count: 2000, input: Self.anyDate, Gen.int(in: -200_000...200_000), Gen.int()) { date, days, wild in
            #expect(date.adding(days: days).adding(days: -days) == date)
            #expect(date.days(until: date.adding(days: days)) == days)
            let far = date.adding(days: wild)
            #expect(LocalDate.earliest <= far && far <= LocalDate.latest)
            let months = date.adding(months: wild)
            #expect(LocalDate.earliest <= months && months <= LocalDate.latest)
        }
    }

    @Test(
        "year group rises with the date; compulsory school age starts on a prescribed day after the fifth birthday and ends on a Friday in June"
    )
    func schoolAge() async {
        await propertyCheck(count: 1000, input: Self.anyDate, Self.anyDate, Self.anyDate) { dob, first, second in
            let (earlier, later) = first <= second ? (first, second) : (second, first)
            #expect(SchoolCalendar.yearGroup(dateOfBirth: dob, on: earlier) <= SchoolCalendar.yearGroup(dateOfBirth: dob, on: later))
            let start = SchoolCalendar.compulsorySchoolAgeStart(dateOfBirth: dob)
            #expect([LocalDate(start.year, 3, 31), LocalDate(start.year, 8, 31), LocalDate(start.year, 12, 31)].contains(start))
            let fifth = SchoolCalendar.birthday(of: dob, inYear: dob.year + 5)
            #expect(start >= fifth && fifth.days(until: start) < 184)
            let end = SchoolCalendar.compulsorySchoolAgeEnd(dateOfBirth: dob)
            #expect(end.month == 6 && end.isoWeekday == 5 && end.day > 23)
        }
    }

    /// What a generated document can put anywhere: every JSON type, dates real and absurd, extremes.
    enum Leaf: Sendable {
        case text(String)
        case number(Int)
        case flag(Bool)
        case null, emptyArray, emptyObject

        var json: Any {
            switch self {
            case .text(let text): text
            case .number(let number): number
            case .flag(let flag): flag
            case .null: NSNull()
            case .emptyArray: [Any]()
            case .emptyObject: [String: Any]()
            }
        }
    }

    @Test("a case document with any field replaced by anything decodes to a record or to field-named problems, never a trap")
    func mutatedDocuments() async throws {
        let base = try JSONSerialization.jsonObject(
            with: JSONEncoder().encode(
                CaseDocument(StoredCase(reference: CaseReference(number: 7), version: 1, record: Fixtures.canaryRecord()), asOf: Self.today)
            )
        )
        let paths = Self.paths(in: base)
        let leaf = Gen.oneOf(
            Gen.int(in: 0...6).map { Leaf.text(["", "  ", "9999-12-31", "0001-01-01", "2025-02-29", "2026-11-30", "not a date"][$0]) },
            Gen.ascii.string(of: 0...12).map { Leaf.text($0) },
            Gen.int().map { Leaf.number($0) },
            Gen.int(in: -400...400).map { Leaf.number($0) },
            Gen.bool.map { Leaf.flag($0) },
            Gen.int(in: 0...2).map { [Leaf.null, .emptyArray, .emptyObject][$0] }
        )
        await propertyCheck(count: 600, input: zip(Gen.int(in: 0...(paths.count - 1)), leaf).array(of: 1...6)) { changes in
            var document = base
            for (index, value) in changes { Self.set(&document, at: paths[index], to: value.json) }
            let data = try JSONSerialization.data(withJSONObject: document)
            guard let decoded = try? JSONDecoder().decode(CaseDocument.self, from: data) else { return }
            do {
                let record = try decoded.record(today: Self.today)
                #expect(record.problems(today: Self.today).isEmpty)
            } catch RegisterError.invalid(let problems) {
                #expect(!problems.isEmpty && problems.allSatisfy { !$0.field.isEmpty && !$0.rule.isEmpty && !$0.message.isEmpty })
            } catch {
                Issue.record("not a validation error: \(error)")
            }
        }
    }

    @Test("search criteria of any text give index terms or field-named problems")
    func searchCriteria() async {
        let text = Gen.oneOf(
            Gen.ascii.string(of: 0...14),
            Gen.letter.string(of: 0...8),
            Gen.int(in: 0...2).map { ["", " ", "EX1 3QZ"][$0] }
        )
        await propertyCheck(count: 1000, input: text.optional, text.optional, text.optional, text.optional, Self.anyDate.optional) {
            upn,
            surname,
            forename,
            postcode,
            dob in
            let criteria = SearchCriteria(
                upn: upn,
                surname: surname,
                forename: forename,
                dateOfBirth: dob,
                postcode: postcode,
                soundsLike: surname
            )
            do {
                #expect(!(try criteria.indexTerms()).isEmpty)
            } catch RegisterError.invalid(let problems) {
                #expect(!problems.isEmpty && problems.allSatisfy { !$0.field.isEmpty && !$0.rule.isEmpty })
            } catch {
                Issue.record("not a validation error: \(error)")
            }
        }
    }

    // MARK: JSON paths

    enum Step: Hashable {
        case key(String)
        case index(Int)
    }

    /// Every path to a value in a JSON tree (objects and arrays included, so whole parts can be replaced).
    static func paths(in value: Any, prefix: [Step] = []) -> [[Step]] {
        var found: [[Step]] = prefix.isEmpty ? [] : [prefix]
        if let object = value as? [String: Any] {
            for (key, child) in object.sorted(by: { $0.key < $1.key }) { found += paths(in: child, prefix: prefix + [.key(key)]) }
        } else if let array = value as? [Any] {
            for (index, child) in array.enumerated() { found += paths(in: child, prefix: prefix + [.index(index)]) }
        }
        return found
    }

    /// Sets the value at `path` (a path that no longer exists after earlier changes is skipped).
    static func set(_ tree: inout Any, at path: [Step], to value: Any) {
        guard let first = path.first else {
            tree = value
            return
        }
        let rest = Array(path.dropFirst())
        switch first {
        case .key(let key):
            guard var object = tree as? [String: Any], var child = object[key] else { return }
            set(&child, at: rest, to: value)
            object[key] = child
            tree = object
        case .index(let index):
            guard var array = tree as? [Any], array.indices.contains(index) else { return }
            set(&array[index], at: rest, to: value)
            tree = array
        }
    }
}
