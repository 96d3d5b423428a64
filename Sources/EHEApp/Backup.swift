public import EHECore
internal import EHECrypto
internal import EHESQLite
public import Foundation

/// What a backup holds, written into it as `manifest.json` and checked when it is restored.
public struct BackupManifest: Sendable, Hashable, Codable {
    public struct File: Sendable, Hashable, Codable {
        public var name: String
        public var bytes: Int
        public var sha256: String
    }

    /// `ehe-backup/1`.
    public var format: String
    public var createdAt: String
    public var files: [File]
    /// Migration levels, the audit head (a restore checks the chain up to it under the keyring), the
    /// number of cases and the key ids the sealed data needs. The keyring itself is never in a backup.
    public var contents: BackupContents

    static let currentFormat = "ehe-backup/1"
}

/// What a restore found.
public struct RestoreReport: Sendable, Hashable, Codable {
    public var manifest: BackupManifest
    /// Migrations applied on restoring (a backup from an earlier version).
    public var migrationsApplied: Int
    public var auditEntries: Int
    public var casesOpened: Int
    /// Cases whose personal data had been erased (crypto-shredded) before the backup: they stay erased.
    public var casesErased: Int
}

/// `ehe backup` and `ehe restore` (issue 15): an online copy of both database files with a manifest, and
/// its restore into an empty data folder, verified before it is trusted.
public enum Backup {
    static let registerFile = "register.sqlite"
    static let auditFile = "audit.sqlite"
    static let manifestFile = "manifest.json"

    /// Takes a consistent copy of the register and its audit log while the service may be running, and
    /// writes it with its manifest to `archive` (a ustar file, 0600). Needs no keyring: whoever runs
    /// backups need not be able to read children's data.
    public static func create(
        archive: String,
        options: RegisterOptions,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) async throws -> BackupManifest {
        let paths = try Register.paths(options: options, environment: environment, currentDirectory: currentDirectory)
        let storage = try SQLiteStorage.openWithoutKeys(
            paths.storageLocation,
            dueRules: DueRules(policy: paths.settings.duePolicy, calendar: WorkingDayCalendar(bankHolidays: []))
        )
        defer { try? storage.close() }
        let staging = try stagingFolder(besides: archive)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let registerCopy = staging + "/" + registerFile
        let auditCopy = staging + "/" + auditFile
        try storage.backup(registerTo: registerCopy, auditTo: auditCopy)
        let facts = try SQLiteStorage.facts(registerAt: registerCopy, auditAt: auditCopy)
        // One pass over the copies: each is checksummed as it is written into the archive, and the manifest
        // that names the checksums goes in last (a restore reads every entry before it trusts any).
        let partial = staging + "/archive.partial"
        var manifest = BackupManifest(format: BackupManifest.currentFormat, createdAt: Date().auditStamp, files: [], contents: facts)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        _ = try TarArchive.write([(registerFile, registerCopy), (auditFile, auditCopy)], to: partial) { sums in
            manifest.files = sums.map { BackupManifest.File(name: $0.key, bytes: $0.value.bytes, sha256: $0.value.sha256) }
                .sorted { $0.name < $1.name }
            return (manifestFile, try encoder.encode(manifest))
        }
        // Only a complete archive takes the name asked for, in one rename (an older backup there stays whole
        // until then).
        guard rename(partial, archive) == 0 else { throw RegisterError.configuration("cannot write the backup to \(archive)") }
        try await AuditService(log: storage.auditLog, signer: nil).record(
            AuditEvent(
                actor: AuditService.commandLineActor(environment: environment),
                action: "backup.created",
                detail: "cases=\(facts.cases) audit_head=\(facts.auditHeadSequence ?? 0)"
            )
        )
        return manifest
    }

    /// Restores `archive` into the data folder, which must hold no register, then verifies it: checksums
    /// against the manifest, migrations (an older backup is brought up to date), the keyring against the
    /// register's key checks, the audit chain under the keyring up to the manifest's head, and every case
    /// opened. On any failure the restored files are removed again and the folder is left as it was.
    public static func restore(
        archive: String,
        options: RegisterOptions,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) async throws -> RestoreReport {
        let paths = try Register.paths(options: options, environment: environment, currentDirectory: currentDirectory)
        let files = FileManager.default
        let targets = [paths.databasePath, paths.auditDatabasePath]
        for target in targets {
            for suffix in ["", "-wal", "-shm"] where files.fileExists(atPath: target + suffix) {
                throw RegisterError.configuration(
                    "the data folder \(paths.dataDirectory) already holds a register (\(target + suffix)); restore into an empty folder"
                )
            }
        }
        guard files.fileExists(atPath: archive) else { throw RegisterError.configuration("no backup at \(archive)") }
        try Register.createDirectory(paths.dataDirectory)
        let staging = paths.dataDirectory + "/.restore-" + UUID().uuidString.lowercased()
        try files.createDirectory(atPath: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? files.removeItem(atPath: staging) }

        let sums = try TarArchive.read(archive, into: staging, allowed: [manifestFile, registerFile, auditFile])
        guard sums[manifestFile] != nil, let data = files.contents(atPath: staging + "/" + manifestFile),
            let manifest = try? JSONDecoder().decode(BackupManifest.self, from: data),
            manifest.format == BackupManifest.currentFormat
        else { throw TarArchive.invalid("it has no readable manifest of format \(BackupManifest.currentFormat)") }
        for name in [registerFile, auditFile] {
            guard let expected = manifest.files.first(where: { $0.name == name }), let found = sums[name] else {
                throw TarArchive.invalid("\(name) is missing")
            }
            guard expected.bytes == found.bytes, expected.sha256 == found.sha256 else {
                throw RegisterError.integrity(
                    nil,
                    "\(name) in the backup does not match its checksum in the manifest: the backup is damaged"
                )
            }
        }
        let before = try SQLiteStorage.facts(registerAt: staging + "/" + registerFile, auditAt: staging + "/" + auditFile)
        try files.moveItem(atPath: staging + "/" + registerFile, toPath: paths.databasePath)
        try files.moveItem(atPath: staging + "/" + auditFile, toPath: paths.auditDatabasePath)
        do {
            return try await verify(
                manifest,
                schemaBefore: before.registerSchema + before.auditSchema,
                options: options,
                environment: environment,
                currentDirectory: currentDirectory
            )
        } catch {
            for target in targets {
                for suffix in ["", "-wal", "-shm"] { try? files.removeItem(atPath: target + suffix) }
            }
            throw error
        }
    }

    static func verify(
        _ manifest: BackupManifest,
        schemaBefore: Int,
        options: RegisterOptions,
        environment: [String: String],
        currentDirectory: String
    ) async throws -> RestoreReport {
        // The keyring is checked against the register's key checks before anything is written.
        let register = try Register.open(options: options, migrate: true, environment: environment, currentDirectory: currentDirectory)
        defer { try? register.close() }
        let verification = try await register.audit.verify()
        guard verification.intact else {
            throw RegisterError.integrity(nil, "the restored audit log fails verification: \(verification.problem ?? "")")
        }
        if let sequence = manifest.contents.auditHeadSequence {
            guard try await register.audit.entryMAC(sequence: sequence) == manifest.contents.auditHeadMAC else {
                throw RegisterError.integrity(nil, "the restored audit log does not reach the head the manifest names (entry \(sequence))")
            }
        }
        // Every case opened under the keyring, one at a time by number (nothing held but the counts).
        var opened = 0
        var erased = 0
        if let numbers = try await register.storage.cases.caseNumberRange() {
            for number in numbers {
                do {
                    _ = try await register.store.load(CaseReference(number: number))
                    opened += 1
                } catch RegisterError.erased {
                    erased += 1
                } catch RegisterError.notFound {
                    continue
                }
            }
        }
        guard opened + erased == manifest.contents.cases else {
            throw RegisterError.integrity(
                nil,
                "the backup's manifest lists \(manifest.contents.cases) cases but \(opened + erased) were found"
            )
        }
        let after = try SQLiteStorage.facts(registerAt: register.databasePath, auditAt: register.auditDatabasePath)
        try await register.recordOperation(
            "backup.restored",
            detail:
                "backup_of=\(manifest.createdAt) cases=\(opened) erased=\(erased) audit_head=\(manifest.contents.auditHeadSequence ?? 0)"
        )
        return RestoreReport(
            manifest: manifest,
            migrationsApplied: after.registerSchema + after.auditSchema - schemaBefore,
            auditEntries: verification.entries,
            casesOpened: opened,
            casesErased: erased
        )
    }

    /// A private folder beside the archive for the copies (same file system, so the final move is a rename).
    static func stagingFolder(besides archive: String) throws -> String {
        let folder = (URL(fileURLWithPath: archive).deletingLastPathComponent().path) + "/.ehe-backup-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return folder
    }
}
