import EHECore
import EHESQLite
import EHETestSupport
import Foundation
import GRDB
import Testing

/// The service's write-ahead log is copied back by a thread of its own, not by the commit that fills it.
@Suite("Background checkpoints")
struct BackgroundCheckpointerTests {
    /// Waits (up to 5 s) until the thread has run `count` checkpoints.
    static func waitForCheckpoints(_ checkpointer: BackgroundCheckpointer, atLeast count: Int) async throws -> Bool {
        for _ in 0..<200 {
            if checkpointer.count >= count { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return false
    }

    @Test("commits that take the log past the threshold wake the checkpoint thread; the writer no longer checkpoints")
    func checkpointsInBackground() async throws {
        let database = try TestDatabase()
        defer { database.remove() }
        let checkpointer = try BackgroundCheckpointer(pool: database.pool, threshold: 20)
        #expect(try await database.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") } == 0)
        for _ in 0..<10 {
            _ = try await database.store.add((0..<20).map { _ in Fixtures.simpleRecord() })
        }
        #expect(try await Self.waitForCheckpoints(checkpointer, atLeast: 1))
        // Every case is still there and opens.
        #expect(try await database.store.load(CaseReference(number: 200)).version == 1)
        checkpointer.stop()
        // Stopped: the writer checkpoints on its own again, and no more background checkpoints run.
        #expect(try await database.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") } == 1000)
        let after = checkpointer.count
        _ = try await database.store.add((0..<50).map { _ in Fixtures.simpleRecord() })
        try await Task.sleep(for: .milliseconds(100))
        #expect(checkpointer.count == after)
        checkpointer.stop()  // a second stop does nothing
    }

    @Test("a log below the threshold is left alone")
    func belowThreshold() async throws {
        let database = try TestDatabase()
        defer { database.remove() }
        let checkpointer = try BackgroundCheckpointer(pool: database.pool, threshold: 1_000_000)
        _ = try await database.store.add([Fixtures.simpleRecord()])
        try await Task.sleep(for: .milliseconds(100))
        #expect(checkpointer.count == 0)
        checkpointer.stop()
    }
}
