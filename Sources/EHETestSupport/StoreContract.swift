public import EHECore

/// The behaviour every `CaseStore` must have, written once and run against each adapter
/// (`@Test(arguments: StoreContract.names)` in each store's test target).
public enum StoreContract {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public typealias Check = @Sendable (any CaseStore) async throws -> Void

    static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw Failure(description: message()) }
    }

    static func expectThrows(
        _ message: String,
        _ body: () async throws -> Void,
        matching: (any Error) -> Bool
    ) async throws {
        do {
            try await body()
        } catch {
            try expect(matching(error), "\(message): unexpected error \(error)")
            return
        }
        throw Failure(description: "\(message): expected an error")
    }

    public static let checks: [(String, Check)] = [
        (
            "a case added is read back whole",
            { store in
                let record = Fixtures.canaryRecord()
                let added = try await store.add([record])
                try expect(added.count == 1 && added[0].version == 1, "add returns version 1")
                let loaded = try await store.load(added[0].reference)
                try expect(loaded.record == record, "loaded record equals the one added")
                try expect(loaded.version == 1, "version 1 after add")
            }
        ),
        (
            "references are given in order and never reused",
            { store in
                let first = try await store.add([Fixtures.simpleRecord(), Fixtures.simpleRecord(surname: "Jones")])
                let second = try await store.add([Fixtures.simpleRecord(surname: "Brown")])
                let numbers = (first + second).map(\.reference.number)
                try expect(numbers == numbers.sorted() && Set(numbers).count == 3, "references increase: \(numbers)")
            }
        ),
        (
            "an unknown reference is not found",
            { store in
                try await expectThrows(
                    "load",
                    { _ = try await store.load(CaseReference(number: 999_999)) },
                    matching: {
                        $0 as? RegisterError == .notFound(CaseReference(number: 999_999))
                    }
                )
            }
        ),
        (
            "modify changes the record and bumps the version",
            { store in
                let added = try await store.add([Fixtures.simpleRecord()])[0]
                let changed = try await store.modify(added.reference, expectedVersion: 1) { $0.assignedOfficer = "Officer Two" }
                try expect(changed.version == 2, "version 2 after one change")
                let loaded = try await store.load(added.reference)
                try expect(loaded.record.assignedOfficer == "Officer Two" && loaded.version == 2, "change stored")
            }
        ),
        (
            "a stale version is a conflict and changes nothing",
            { store in
                let added = try await store.add([Fixtures.simpleRecord()])[0]
                _ = try await store.modify(added.reference, expectedVersion: 1) { $0.notes = "first" }
                try await expectThrows(
                    "stale modify",
                    {
                        _ = try await store.modify(added.reference, expectedVersion: 1) { $0.notes = "second" }
                    },
                    matching: { $0 as? RegisterError == .conflict(added.reference, expected: 1, actual: 2) }
                )
                let loaded = try await store.load(added.reference)
                try expect(loaded.record.notes == "first" && loaded.version == 2, "stale write left no trace")
            }
        ),
        (
            "a change that throws changes nothing",
            { store in
                let added = try await store.add([Fixtures.simpleRecord()])[0]
                struct Refused: Error {}
                try await expectThrows(
                    "throwing change",
                    {
                        _ = try await store.modify(added.reference, expectedVersion: nil) { record in
                            record.notes = "half-done"
                            throw Refused()
                        }
                    },
                    matching: { $0 is Refused }
                )
                let loaded = try await store.load(added.reference)
                try expect(loaded.record.notes == nil && loaded.version == 1, "nothing changed")
            }
        ),
        (
            "facts are clear, filtered by status and paged",
            { store in
                var closed = Fixtures.simpleRecord(surname: "Closed")
                closed.episodes[0].endDate = LocalDate(2025, 7, 1)
                closed.episodes[0].endReason = .returnedToSchool
                let added = try await store.add([Fixtures.simpleRecord(), closed, Fixtures.simpleRecord(reason: .lifestyle)])
                let open = try await store.facts(CaseQuery(status: .open))
                let ours = Set(added.map(\.reference))
                try expect(open.filter { ours.contains($0.reference) }.count == 2, "two open")
                let closedFacts = try await store.facts(CaseQuery(status: .closed)).filter { ours.contains($0.reference) }
                try expect(closedFacts.count == 1 && closedFacts[0].endReason == .returnedToSchool, "one closed")
                try expect(closedFacts[0].birthAcademicYear == 2014, "birth academic year of 2015-05-05 is 2014")
                let all = try await store.facts(CaseQuery())
                let page = try await store.facts(CaseQuery(limit: 1, offset: 1))
                try expect(page.count == 1 && page[0] == all[1], "limit and offset page through facts")
            }
        ),
        (
            "episodes and contacts keep their order through a modify",
            { store in
                var record = Fixtures.canaryRecord()
                record.episodes[0].endDate = LocalDate(2025, 3, 1)
                record.episodes[0].endReason = .returnedToSchool
                record.episodes.append(Episode(startDate: LocalDate(2025, 9, 1), notificationSource: .parent, primaryReason: .lifestyle))
                let added = try await store.add([record])[0]
                let changed = try await store.modify(added.reference, expectedVersion: 1) { record in
                    record.contacts.append(Contact(date: LocalDate(2025, 10, 1), method: .email, officer: "O", judgement: .suitable))
                }
                let loaded = try await store.load(added.reference)
                try expect(loaded == changed, "modify returns what load reads")
                try expect(loaded.record.episodes.map(\.startDate) == [LocalDate(2024, 9, 2), LocalDate(2025, 9, 1)], "episode order")
                try expect(loaded.record.contacts.count == 2, "two contacts")
            }
        ),
        (
            "search returns the children holding every term, and nothing else",
            { store in
                var other = Fixtures.simpleRecord(surname: "Smith-Jones", dateOfBirth: LocalDate(2015, 5, 5))
                other.child.upn = "U999123456789"
                let added = try await store.add([Fixtures.canaryRecord(), other, Fixtures.simpleRecord(surname: "Jones")])
                let jones = try await store.search([IndexTerm(.surname, "JONES")]).map(\.reference)
                try expect(Set(jones).isSuperset(of: [added[1].reference, added[2].reference]), "both Joneses: \(jones)")
                let exact = try await store.search([IndexTerm(.surname, "JONES"), IndexTerm(.upn, "U999123456789")])
                try expect(exact.map(\.reference) == [added[1].reference], "intersection")
                try expect(exact.first?.child == other.child, "the child is opened")
                let none = try await store.search([IndexTerm(.upn, "X000000000000")])
                try expect(none.isEmpty, "no match")
            }
        ),
        (
            "an erased case keeps its clear facts but its child is gone from reads and searches",
            { store in
                let added = try await store.add([Fixtures.canaryRecord()])[0]
                try await store.erase(added.reference, reason: "retention period ended", on: LocalDate(2026, 11, 30))
                try await expectThrows(
                    "load after erase",
                    { _ = try await store.load(added.reference) },
                    matching: { $0 as? RegisterError == .erased(added.reference, on: "2026-11-30", reason: "retention period ended") }
                )
                try await expectThrows(
                    "modify after erase",
                    { _ = try await store.modify(added.reference, expectedVersion: nil) { $0.notes = "x" } },
                    matching: { error in if case .erased = error as? RegisterError { true } else { false } }
                )
                let found = try await store.search([IndexTerm(.surname, NameNormalisation.compact(Canary.surname))])
                try expect(!found.map(\.reference).contains(added.reference), "not found by search")
                try expect(try await store.children([added.reference]).isEmpty, "not opened")
                let facts = try await store.facts(CaseQuery()).filter { $0.reference == added.reference }
                try expect(facts.count == 1 && facts[0].sex == .female && facts[0].primaryReason == .mentalHealth, "still counted")
            }
        ),
        (
            "cases sharing an index entry are grouped",
            { store in
                let first = Fixtures.simpleRecord(surname: "Thompson", dateOfBirth: LocalDate(2014, 4, 4))
                let second = Fixtures.simpleRecord(surname: "Thomson", dateOfBirth: LocalDate(2014, 4, 4))
                let added = try await store.add([first, second])
                let groups = try await store.sharedIndexEntries(.phoneticDOB)
                try expect(groups.contains { Set($0).isSuperset(of: added.map(\.reference)) }, "grouped: \(groups)")
            }
        ),
        (
            "due items follow every write, keep their sequence, and are counted per officer and month",
            { store in
                var record = Fixtures.simpleRecord(start: LocalDate(2025, 1, 6))
                record.assignedOfficer = "Officer Due"
                let added = try await store.add([record])[0]
                let collected = Collector<DueItem>()
                let query = DueQuery(asOf: LocalDate(2026, 11, 30), officer: "Officer Due")
                try await store.forEachDueItem(query) { collected.append($0) }
                let annual = collected.items.first { $0.kind == .annualContact }
                try expect(annual?.dueDate == LocalDate(2026, 1, 6) && annual?.sequence == 0, "annual contact: \(collected.items)")
                try expect(collected.items.contains { $0.kind == .initialContact }, "initial contact")
                _ = try await store.modify(added.reference, expectedVersion: nil) {
                    $0.contacts.append(Contact(date: LocalDate(2025, 6, 2), method: .phone, officer: "O", judgement: .suitable))
                }
                let after = Collector<DueItem>()
                try await store.forEachDueItem(query) { after.append($0) }
                let moved = after.items.first { $0.kind == .annualContact }
                try expect(moved?.dueDate == LocalDate(2026, 6, 2) && moved?.sequence == 1, "moved with sequence 1: \(after.items)")
                try expect(!after.items.contains { $0.kind == .initialContact }, "initial contact done")
                try expect(after.items.map(\.dueDate) == after.items.map(\.dueDate).sorted(), "date order")
                let counts = try await store.dueCounts(from: LocalDate(2026, 6, 1), to: LocalDate(2026, 7, 1))
                try expect(
                    counts.contains(DueCount(officer: "Officer Due", kind: .annualContact, month: "2026-06", count: 1)),
                    "counted: \(counts)"
                )
                let caseload = try await store.openCaseload()
                try expect(caseload["Officer Due"] == 1, "caseload \(caseload)")
                try await store.erase(added.reference, reason: "test", on: LocalDate(2026, 11, 30))
                let gone = Collector<DueItem>()
                try await store.forEachDueItem(query) { gone.append($0) }
                try expect(gone.items.isEmpty, "no items after erasure")
            }
        ),
        (
            "the clear-data stream gives exactly the clear part of every case, erased ones included",
            { store in
                var twoEpisodes = Fixtures.canaryRecord()
                twoEpisodes.episodes[0].endDate = LocalDate(2025, 3, 1)
                twoEpisodes.episodes[0].endReason = .returnedToSchool
                twoEpisodes.episodes.append(
                    Episode(startDate: LocalDate(2025, 9, 1), notificationSource: .parent, primaryReason: .lifestyle)
                )
                var elsewhere = Fixtures.simpleRecord(surname: "Elsewhere")
                elsewhere.livesInLA = false
                let added = try await store.add([twoEpisodes, elsewhere, Fixtures.simpleRecord(surname: "Plain")])
                try await store.erase(added[2].reference, reason: "test", on: LocalDate(2026, 11, 30))
                let streamed = Collector<ClearCase>()
                try await store.forEachClearCase { streamed.append($0) }
                let ours = streamed.items.filter { case_ in added.contains { $0.reference == case_.reference } }
                try expect(ours.count == 3, "three cases streamed")
                try expect(ours[0] == ClearCase(added[0]) && ours[1] == ClearCase(added[1]), "clear parts match")
                try expect(!ours[1].livesInLA && ours[0].episodes.count == 2, "residence and episodes kept")
                try expect(ours[2].episodes.count == 1 && ours[2].sex == .male, "erased case still counted")
            }
        ),
    ]

    public static var names: [String] { checks.map(\.0) }

    public static func run(_ name: String, against store: any CaseStore) async throws {
        guard let check = checks.first(where: { $0.0 == name })?.1 else {
            throw Failure(description: "no contract check named \(name)")
        }
        try await check(store)
    }
}
