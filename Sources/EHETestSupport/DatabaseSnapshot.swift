import Foundation
import GRDB

/// Everything a register database holds, as text: every row of every table, in order. Two snapshots are
/// equal when nothing was written, whatever SQLite did with its WAL and page layout.
public enum DatabaseSnapshot {
    public static func of(_ path: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            var lines: [String] = []
            let tables = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            for table in tables {
                lines += try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map { "\(table): \($0)" }.sorted()
                lines.append("\(table): end")
            }
            return lines
        }
    }
}
