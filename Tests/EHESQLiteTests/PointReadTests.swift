import EHECore
import EHESQLite
import EHETestSupport
import Foundation
import Testing

/// Loading one case runs on the calling thread with read connections that never wait for one another.
@Suite("Point reads")
struct PointReadTests {
    @Test("far more loads at once than threads all complete, each a whole case at one version")
    func concurrentLoads() async throws {
        let database = try TestDatabase()
        defer { database.remove() }
        let added = try await database.store.add((0..<5).map { _ in Fixtures.simpleRecord() })
        let loaded = try await withThrowingTaskGroup(of: StoredCase.self) { group in
            for index in 0..<300 {
                group.addTask { try await database.store.load(added[index % added.count].reference) }
            }
            return try await group.reduce(into: [StoredCase]()) { $0.append($1) }
        }
        #expect(loaded.count == 300)
        for stored in loaded {
            let original = try #require(added.first { $0.reference == stored.reference })
            #expect(stored == original)
        }
    }

    @Test("a load that fails (no such case, an erased case) ends its transaction and leaves the connection usable")
    func failedLoads() async throws {
        let database = try TestDatabase()
        defer { database.remove() }
        let added = try await database.store.add([Fixtures.simpleRecord(), Fixtures.simpleRecord()])
        try await database.store.erase(added[1].reference, reason: "recorded in error", on: LocalDate(2026, 11, 30))
        for _ in 0..<5 {
            await #expect(throws: RegisterError.notFound(CaseReference(number: 99))) {
                _ = try await database.store.load(CaseReference(number: 99))
            }
            await #expect(throws: RegisterError.self) { _ = try await database.store.load(added[1].reference) }
            #expect(try await database.store.load(added[0].reference) == added[0])
        }
        // The writer is not held up by a reader left in a transaction: a change commits and is seen.
        _ = try await database.store.modify(added[0].reference, expectedVersion: 1) { $0.notes = "after failures" }
        #expect(try await database.store.load(added[0].reference).record.notes == "after failures")
    }

    @Test("a load sees the last committed change; after the readers close, loads go through the pool")
    func changesAndClosing() async throws {
        let database = try TestDatabase()
        defer { database.remove() }
        let added = try await database.store.add([Fixtures.simpleRecord()])[0]
        _ = try await database.store.modify(added.reference, expectedVersion: 1) { $0.notes = "changed" }
        #expect(try await database.store.load(added.reference).version == 2)
        #expect(try await database.store.load(added.reference).record.notes == "changed")
        database.store.closeReaders()
        _ = try await database.store.modify(added.reference, expectedVersion: 2) { $0.notes = "again" }
        let reloaded = try await database.store.load(added.reference)
        #expect(reloaded.version == 3 && reloaded.record.notes == "again")
        await #expect(throws: RegisterError.notFound(CaseReference(number: 99))) {
            _ = try await database.store.load(CaseReference(number: 99))
        }
    }
}
