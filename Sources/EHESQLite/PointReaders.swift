import EHECore
import Foundation
import GRDB

/// Read-only connections for short reads (one case) run on the calling thread.
///
/// GRDB's async read hops to a reader's dispatch queue and back; on a busy server those two thread
/// switches cost more than the read itself. A synchronous read from `DatabasePool` would avoid them, but
/// it waits for one of the pool's few readers, and a Swift concurrency thread must never wait on something
/// other tasks hold: with two cooperative threads both waiting, the service deadlocked. These connections
/// never wait: a read takes an idle connection or opens another, and gives it back afterwards. There are
/// as many as there were reads at once — at most one per thread that reads.
///
/// Each read is one deferred transaction, so it sees one consistent state of the database (WAL readers
/// never wait for the writer).
final class PointReaders: Sendable {
    private let path: String
    private let configuration: Configuration
    private let idle = Locked<(connections: [DatabaseQueue], closed: Bool)>(([], false))

    /// Readers on the file of `pool`.
    init(pool: DatabasePool) {
        path = pool.path
        var configuration = pool.configuration
        configuration.readonly = true
        configuration.label = "point-reader"
        // 32 MiB rather than a reader's 4: the interior pages of the tables one case spans (about 4 MiB at
        // 1M children) then stay cached beside the leaves, and there are only as many of these connections
        // as threads that read.
        //
        // The file memory-mapped (up to SQLite's build limit, 2 GB on Debian): a page not in the cache is
        // then read where the kernel holds it, not copied by a read system call. The mapping lasts while
        // the file is unchanged (SQLite unmaps when another connection has committed), which audited reads
        // no longer do: their entries go to audit.sqlite.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -32768")
            try db.execute(sql: "PRAGMA mmap_size = 2147418112")
        }
        self.configuration = configuration
    }

    /// Runs `body` in a read transaction on an idle connection, or on a new one if none is idle.
    /// Returns nil once closed, so the caller falls back to the pool.
    func read<T>(_ body: (Database) throws -> T) throws -> T? {
        let taken: DatabaseQueue?? = idle.withLock { state in
            state.closed ? .none : .some(state.connections.popLast())
        }
        guard case .some(let reused) = taken else { return nil }
        let connection = try reused ?? DatabaseQueue(path: path, configuration: configuration)
        // A connection left inside a transaction (a failed rollback) is closed, never handed out again.
        var reusable = false
        defer {
            let kept =
                reusable
                && idle.withLock { state in
                    guard !state.closed else { return false }
                    state.connections.append(connection)
                    return true
                }
            if !kept { try? connection.close() }
        }
        return try connection.inDatabase { db in
            defer { reusable = !db.isInsideTransaction }
            // The connection is read-only, so GRDB's read wrapper (a savepoint and query_only switched on and
            // off, each statement parsed anew: a sixth of a case load) is replaced by one cached BEGIN/COMMIT.
            try db.cachedStatement(sql: "BEGIN DEFERRED").execute()
            do {
                let result = try body(db)
                try db.cachedStatement(sql: "COMMIT").execute()
                return result
            } catch {
                if !db.isInsideTransaction { throw error }
                try? db.execute(sql: "ROLLBACK")
                throw error
            }
        }
    }

    /// Closes the idle connections; reads after this return nil (and connections in use close when given back).
    func close() {
        let connections = idle.withLock { state in
            state.closed = true
            defer { state.connections = [] }
            return state.connections
        }
        for connection in connections { try? connection.close() }
    }
}
