import EHECore
import GRDB

/// One transaction at a time against the register database, with SQLite failures reported as
/// `RegisterError.storage` carrying the result code only — never a statement's arguments, which can be
/// sealed values. Domain errors thrown inside pass through unchanged.
struct DatabaseAccess: Sendable {
    let writer: any DatabaseWriter

    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try FileIdentity.check(writer.path)
        return try await Self.mappingDatabaseErrors { try await writer.write(body) }
    }

    /// A write transaction on the calling thread, which waits for the writer connection and the disk: only
    /// for threads of their own (the audit commit thread), never Swift concurrency's.
    func writeNow<T>(_ body: (Database) throws -> T) throws -> T {
        try FileIdentity.check(writer.path)
        return try Self.mappingDatabaseErrorsNow { try writer.write(body) }
    }

    /// A read on the calling thread, which may wait for a reader connection: only for threads of their own.
    func readNow<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mappingDatabaseErrorsNow { try writer.read(body) }
    }

    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await Self.mappingDatabaseErrors { try await writer.read(body) }
    }

    static func mappingDatabaseErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError {
            throw storageError(error)
        }
    }

    static func mappingDatabaseErrorsNow<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw storageError(error)
        }
    }

    /// What a failed statement means for whoever reads the message: the faults an operator can fix are
    /// named (the transaction was rolled back, so nothing was changed).
    static func storageError(_ error: DatabaseError) -> RegisterError {
        switch error.resultCode {
        case .SQLITE_FULL:
            .storage("the disk holding the register is full; nothing was changed (free space, then try again)")
        case .SQLITE_READONLY:
            .storage("the register's files or folder are read-only; nothing was changed")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            .storage("the database file is damaged or is not the register's (\(error.resultCode)); restore from a backup")
        case .SQLITE_IOERR:
            .storage("the disk returned an error (\(error.extendedResultCode)); nothing was changed")
        default:
            .storage("database error \(error.resultCode)")
        }
    }
}
