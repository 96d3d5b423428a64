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
    ]

    public static var names: [String] { checks.map(\.0) }

    public static func run(_ name: String, against store: any CaseStore) async throws {
        guard let check = checks.first(where: { $0.0 == name })?.1 else {
            throw Failure(description: "no contract check named \(name)")
        }
        try await check(store)
    }
}
