internal import EHECore
internal import Foundation
public import GRDB
internal import GRDBSQLite

/// Copies the write-ahead log back into the database file on a thread and connection of its own, for a
/// long-running service.
///
/// SQLite checkpoints at the end of the commit that takes the log past 1,000 pages, so that one commit also
/// writes ~4 MB back to the database file and syncs it. In the service, commits are the audit entries that
/// every request waits for: a checkpoint there held all of them for its duration, and those stalls were most
/// of the audited case read's 99th-percentile latency. Here the writer connection's automatic checkpoint is
/// replaced by a hook that, after a commit takes the log past `threshold` pages, wakes this thread to run a
/// passive checkpoint, which neither waits for nor blocks the writer or the readers. Durability is unchanged:
/// a commit is durable once it is in the log, whenever the log is copied back.
///
/// `stop()` gives the writer its automatic checkpoint back; call it before closing the database.
public final class BackgroundCheckpointer: Sendable {
    /// What the hook and the thread share.
    private final class Signal: Sendable {
        let wake = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let state = Locked<(pending: Bool, stopped: Bool)>((false, false))
        let threshold: Int32

        init(threshold: Int32) {
            self.threshold = threshold
        }
    }

    private let writer: DatabasePool
    private let connection: DatabaseQueue
    private let signal: Signal
    private let checkpoints = Locked(0)

    /// Starts checkpointing the database of `pool` in the background.
    public init(pool: DatabasePool, threshold: Int = 1_000) throws {
        writer = pool
        var configuration = RegisterDatabase.configuration()
        configuration.label = "checkpointer"
        connection = try DatabaseQueue(path: pool.path, configuration: configuration)
        let signal = Signal(threshold: Int32(threshold))
        self.signal = signal
        let context = Unmanaged.passRetained(signal).toOpaque()
        pool.writeWithoutTransaction { db in
            // Replaces SQLite's automatic checkpoint, which is itself a WAL hook.
            _ = sqlite3_wal_hook(
                db.sqliteConnection,
                { context, _, _, pages in
                    guard let context else { return SQLITE_OK }
                    let signal = Unmanaged<Signal>.fromOpaque(context).takeUnretainedValue()
                    if pages >= signal.threshold {
                        let wake = signal.state.withLock { state in
                            defer { state.pending = true }
                            return !state.pending
                        }
                        if wake { signal.wake.signal() }
                    }
                    return SQLITE_OK
                },
                context
            )
        }
        let connection = connection
        let checkpoints = checkpoints
        Thread.detachNewThread {
            while true {
                signal.wake.wait()
                let stopped = signal.state.withLock { state in
                    state.pending = false
                    return state.stopped
                }
                if stopped { break }
                if (try? connection.writeWithoutTransaction({ db in try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") })) != nil {
                    checkpoints.update { $0 += 1 }
                }
            }
            signal.finished.signal()
        }
    }

    /// How many checkpoints the thread has run.
    public var count: Int { checkpoints.value }

    /// Stops the thread and gives the writer its automatic checkpoint back.
    public func stop() {
        let first = signal.state.withLock { state in
            defer { state.stopped = true }
            return !state.stopped
        }
        guard first else { return }
        signal.wake.signal()
        signal.finished.wait()
        try? connection.close()
        try? writer.writeWithoutTransaction { db in
            // Setting the automatic checkpoint installs SQLite's own hook in place of ours.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000")
        }
        Unmanaged.passUnretained(signal).release()
    }
}
