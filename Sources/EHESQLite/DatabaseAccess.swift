import EHECore
import GRDB

/// One transaction at a time against the register database, with SQLite failures reported as
/// `RegisterError.storage` carrying the result code only — never a statement's arguments, which can be
/// sealed values. Domain errors thrown inside pass through unchanged.
struct DatabaseAccess: Sendable {
    let writer: any DatabaseWriter

    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await Self.mappingDatabaseErrors { try await writer.write(body) }
    }

    /// A write transaction on the calling thread, which waits for the writer connection and the disk: only
    /// for threads of their own (the audit commit thread), never Swift concurrency's.
    func writeNow<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mappingDatabaseErrorsNow { try writer.write(body) }
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
            throw RegisterError.storage("database error \(error.resultCode)")
        }
    }

    static func mappingDatabaseErrorsNow<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw RegisterError.storage("database error \(error.resultCode)")
        }
    }
}
