import EHEApp
import EHECore
import Foundation
import GRDBSQLite

/// `ehe-bench load`: opening one case (what `GET /api/v1/cases/{reference}` does before encoding and
/// auditing) on an existing register, against raw SQLite running the same queries with prepared statements
/// and reading every column of every row — the database part of the work, without opening sealed fields.
/// Runs alternate (register, raw, register, …) over the same random children, so machine noise hits both.
func loadBenchmark(_ options: Options) async throws {
    let register = try Register.open(
        options: RegisterOptions(dataDirectory: options.dataDirectory),
        environment: ProcessInfo.processInfo.environment
    )
    let highest = try await register.cases.summary(asOf: register.today).totalCases
    guard highest > 0 else {
        print("the register at \(options.dataDirectory ?? "") is empty; seed it first")
        return
    }
    print("ehe-bench load: register of \(highest) children, \(options.runs) runs of \(options.queries) loads each")
    let raw = try RawCaseLoad(path: register.databasePath)
    let clock = ContinuousClock()
    var registerRuns: [Double] = []
    var rawRuns: [Double] = []
    for run in 0..<options.runs {
        var generator = SeededGenerator(seed: UInt64(1_000 + run))
        let references = (0..<options.queries).map { _ in CaseReference(number: Int64.random(in: 1...Int64(highest), using: &generator)) }
        var start = clock.now
        for reference in references { _ = try? await register.store.load(reference) }
        registerRuns.append(seconds(clock.now - start) / Double(references.count) * 1e6)
        start = clock.now
        for reference in references { _ = try raw.load(reference.number) }
        rawRuns.append(seconds(clock.now - start) / Double(references.count) * 1e6)
    }
    let ours = median(registerRuns)
    let bare = median(rawRuns)
    print(
        String(
            format: "register load (open + decrypt): median %.1f µs per case  runs %@",
            ours,
            registerRuns.map { String(format: "%.1f", $0) }.joined(separator: " ")
        )
    )
    print(
        String(
            format: "raw SQLite, same queries:       median %.1f µs per case  runs %@",
            bare,
            rawRuns.map { String(format: "%.1f", $0) }.joined(separator: " ")
        )
    )
    print(String(format: "ratio raw / register: %.2f", bare / ours))
}

/// The queries of one case load as bare prepared SQLite statements.
final class RawCaseLoad {
    let db: OpaquePointer
    var statements: [OpaquePointer] = []

    init(path: String) throws {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let handle else {
            throw RawBaseline.Failure(description: "cannot open")
        }
        db = handle
        sqlite3_exec(db, "PRAGMA cache_size = -4096", nil, nil, nil)
        for sql in [
            #"SELECT * FROM "child" WHERE "id" = ?"#,
            #"SELECT "kek_id", "wrapped" FROM "data_key" WHERE "child_id" = ?"#,
            #"SELECT * FROM "episode" WHERE "child_id" = ? ORDER BY "seq""#,
            #"SELECT * FROM "contact" WHERE "child_id" = ? ORDER BY "seq""#,
            #"SELECT * FROM "ehcp_review" WHERE "child_id" = ? ORDER BY "seq""#,
            #"SELECT * FROM "social_care_status" WHERE "child_id" = ? ORDER BY "seq""#,
            #"SELECT * FROM "return_plan" WHERE "child_id" = ? ORDER BY "seq""#,
            #"SELECT * FROM "enforcement_event" WHERE "child_id" = ? ORDER BY "seq""#,
        ] {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement else {
                throw RawBaseline.Failure(description: String(cString: sqlite3_errmsg(db)))
            }
            statements.append(statement)
        }
    }

    deinit {
        for statement in statements { sqlite3_finalize(statement) }
        sqlite3_close(db)
    }

    /// Runs every query in one read transaction and reads every column; returns the bytes seen.
    func load(_ id: Int64) throws -> Int {
        sqlite3_exec(db, "BEGIN", nil, nil, nil)
        defer { sqlite3_exec(db, "COMMIT", nil, nil, nil) }
        var bytes = 0
        for statement in statements {
            sqlite3_reset(statement)
            sqlite3_bind_int64(statement, 1, id)
            while sqlite3_step(statement) == SQLITE_ROW {
                for column in 0..<sqlite3_column_count(statement) {
                    _ = sqlite3_column_blob(statement, column)
                    bytes += Int(sqlite3_column_bytes(statement, column))
                }
            }
        }
        return bytes
    }
}
