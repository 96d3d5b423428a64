import EHECore
import EHECrypto
import EHESQLite
import Foundation
import GRDB

/// A fresh register database in a temporary folder, migrated, with a new keyring.
struct TestDatabase {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let migrations = repositoryRoot + "/Migrations/sqlite"
    static let auditMigrations = repositoryRoot + "/Migrations/sqlite-audit"

    let folder: String
    let path: String
    let pool: DatabasePool
    let keyring: Keyring
    let sealer: EnvelopeSealer
    let store: SQLiteCaseStore

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ehe-sqlite-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/register.sqlite"
        pool = try RegisterDatabase.open(path: path)
        try Migrator(directory: Self.migrations).migrate(pool)
        keyring = Keyring.generate(development: true)
        sealer = try EnvelopeSealer(keyring: keyring)
        store = SQLiteCaseStore(
            writer: pool,
            sealer: sealer,
            indexer: try BlindIndexer(keyring: keyring),
            dueRules: DueRules(policy: DuePolicy(), calendar: WorkingDayCalendar(bankHolidays: []))
        )
    }

    func remove() {
        store.closeReaders()
        try? pool.close()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Every byte of the database file and its WAL.
    func filesOnDisk() throws -> Data {
        var data = Data()
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            data.append(try Data(contentsOf: URL(fileURLWithPath: path + suffix)))
        }
        return data
    }
}
