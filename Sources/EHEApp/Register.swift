public import EHECore
internal import EHECrypto
internal import EHESQLite
public import Foundation

/// What a command's flags set: the highest layer of the configuration (over `EHE_*` environment variables
/// and Config/settings.json).
public struct RegisterOptions: Sendable {
    /// Values by setting key (`server.port`: `"8081"`); see `SettingKey.all`.
    public var settings: [String: String]

    public init(dataDirectory: String? = nil, keyringFile: String? = nil, settings: [String: String] = [:]) {
        self.settings = settings
        if let dataDirectory { self.settings["dataDirectory"] = dataDirectory }
        if let keyringFile { self.settings["keyringFile"] = keyringFile }
    }
}

/// One migration file and when it was applied (nil: pending).
public struct MigrationState: Sendable, Hashable, Codable {
    /// The database file it applies to (`register.sqlite`, `audit.sqlite`).
    public var file: String
    public var version: Int
    public var name: String
    public var appliedAt: String?
    public var applied: Bool { appliedAt != nil }
}

/// The opened register: settings, keyring, database and services, wired once. The composition root.
public struct Register: Sendable {
    public let home: RegisterHome
    public let settings: Settings
    public let dataDirectory: String
    public let databasePath: String
    /// The audit log's file, beside the database.
    public let auditDatabasePath: String
    /// Where "today" comes from (read afresh: a long-running service moves past midnight).
    public let clock: Today
    /// Today's date in the LA's time zone (or `EHE_TODAY`).
    public var today: LocalDate { clock.date }
    public let policy: ReviewPolicy
    public let planningAreas: PlanningAreaLookup
    public let store: any CaseStore
    public let cases: CaseService
    /// The rules due items are computed with.
    public let dueRules: DueRules
    /// The tamper-evident audit log (MACed with the keyring's audit key).
    public let audit: AuditService
    /// Users, sessions and API tokens.
    public let accounts: AccountService
    /// Both database files and the ports over them (case store, accounts, audit log, key maintenance).
    let storage: SQLiteStorage
    let sealer: EnvelopeSealer
    let indexer: BlindIndexer
    /// The keyring file (nil when the keyring came from `EHE_KEYRING`).
    let keyringFile: String?
    let keyring: Keyring

    /// Where things are, before anything is opened.
    public struct Paths: Sendable {
        public var home: RegisterHome
        /// The configuration the paths were resolved from.
        public var configuration: RegisterConfiguration
        public var settings: Settings { configuration.settings }
        public var dataDirectory: String
        public var databasePath: String
        public var auditDatabasePath: String
        /// Nil when the keyring comes from `EHE_KEYRING`.
        public var keyringFile: String?

        var storageLocation: SQLiteStorage.Location {
            SQLiteStorage.Location(
                databasePath: databasePath,
                auditDatabasePath: auditDatabasePath,
                migrationsDirectory: home.migrationsDirectory,
                auditMigrationsDirectory: home.auditMigrationsDirectory
            )
        }
    }

    /// Resolves settings, environment and options into paths. Reads only checked-in files.
    public static func paths(
        options: RegisterOptions,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(RegisterError) -> Paths {
        let home = try RegisterHome.locate(environment: environment, currentDirectory: currentDirectory)
        let configuration = try RegisterConfiguration.load(home: home, environment: environment, flags: options.settings)
        let settings = configuration.settings
        func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : home.root + "/" + path }
        let data = absolute(settings.dataDirectory)
        // A keyring given as a secret is used unless a keyring file was named on the command line.
        let fileByFlag: Bool
        if case .flag = configuration.source(of: "keyringFile") { fileByFlag = true } else { fileByFlag = false }
        let keyring: String? =
            configuration.keyring != nil && !fileByFlag ? nil : absolute(settings.keyringFile ?? data + "/keyring.json")
        return Paths(
            home: home,
            configuration: configuration,
            dataDirectory: data,
            databasePath: data + "/register.sqlite",
            auditDatabasePath: data + "/" + AuditDatabase.fileName,
            keyringFile: keyring
        )
    }

    /// Opens the register.
    ///
    /// - Parameters:
    ///   - initialise: on a fresh data folder, create it, a development keyring (with `warn` called) and the
    ///     schema. Without it a missing register is an error.
    ///   - migrate: apply pending migrations; without it, pending migrations are an error.
    ///
    /// The keyring is checked before the database is touched: a missing, malformed, loosely-permissioned or
    /// foreign keyring fails with nothing written.
    public static func open(
        options: RegisterOptions,
        initialise: Bool = false,
        migrate: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        warn: (String) -> Void = { _ in }
    ) throws(RegisterError) -> Register {
        let paths = try paths(options: options, environment: environment, currentDirectory: currentDirectory)
        let manager = FileManager.default
        let location = paths.storageLocation
        let databaseExists = location.exists
        if !databaseExists && !initialise {
            throw .configuration("no register at \(paths.databasePath); run `ehe init` first")
        }

        // 1. The keyring, before any write.
        let keyring: Keyring
        if let file = paths.keyringFile {
            if !manager.fileExists(atPath: file) && !databaseExists && initialise {
                try createDirectory(paths.dataDirectory)
                let generated = Keyring.generate(development: true)
                try generated.write(to: file)
                warn(
                    "WARNING: created a DEVELOPMENT keyring at \(file). Personal data is sealed with it; "
                        + "anyone with this file and the database can read it. For real data, create the keyring "
                        + "on a protected volume and point keyringFile / EHE_KEYRING_FILE at it."
                )
            }
            keyring = try Keyring.load(path: file)
        } else {
            keyring = try Keyring.parse(Data((paths.configuration.keyring ?? "").utf8), source: "EHE_KEYRING")
        }
        if keyring.development == true, databaseExists {
            warn("warning: this register uses a development keyring; do not hold real children's data with it")
        }
        let sealer = try EnvelopeSealer(keyring: keyring)
        let indexer = try BlindIndexer(keyring: keyring)

        // 2. The rules the store computes due items with.
        let settings = paths.settings
        let clock = try Self.clock(settings)
        let lookup = try PlanningAreaLookup.load(
            path: paths.home.configDirectory + "/" + (settings.planningAreaFile ?? "planning-areas.csv")
        )
        let calendar = try BankHolidays.load(
            path: paths.home.configDirectory + "/" + (settings.bankHolidayFile ?? "bank-holidays.json")
        )
        let dueRules = DueRules(policy: settings.duePolicy, calendar: calendar)

        // 3. The database files: the keyring is checked against the register's key checks before any write.
        try createDirectory(paths.dataDirectory)
        let storage = try SQLiteStorage.open(
            location,
            initialise: initialise,
            migrate: migrate,
            sealer: sealer,
            indexer: indexer,
            dueRules: dueRules
        ) { (stored: [String: Data]) throws(RegisterError) in try verifyKeys(stored, sealer: sealer) }
        try storage.registerKeyChecks(for: sealer.keyIDs, primaryKeyID: sealer.primaryKeyID) { sealer.keyCheck(for: $0) }

        let store = storage.cases
        let policy = settings.policy ?? ReviewPolicy()
        let audit = AuditService(log: storage.auditLog, signer: try AuditKeys(keyring: keyring))
        let accounts = AccountService(
            store: storage.accounts,
            audit: audit,
            policy: AccountService.Policy(settings: settings.auth)
        )
        return Register(
            home: paths.home,
            settings: settings,
            dataDirectory: paths.dataDirectory,
            databasePath: paths.databasePath,
            auditDatabasePath: paths.auditDatabasePath,
            clock: clock,
            policy: policy,
            planningAreas: lookup,
            store: store,
            cases: CaseService(
                store: store,
                planningAreas: lookup,
                clock: clock,
                audit: audit,
                actor: AuditService.commandLineActor(environment: environment)
            ),
            dueRules: dueRules,
            audit: audit,
            accounts: accounts,
            storage: storage,
            sealer: sealer,
            indexer: indexer,
            keyringFile: paths.keyringFile,
            keyring: keyring
        )
    }

    /// The migrations of both files for `ehe migrate --status`, without needing the keyring.
    public static func migrationStatus(options: RegisterOptions) throws(RegisterError) -> [MigrationState] {
        try SQLiteStorage.migrationStatus(try paths(options: options).storageLocation).map { file, state in
            MigrationState(file: file, version: state.version, name: state.name, appliedAt: state.applied ? (state.appliedAt ?? "") : nil)
        }
    }

    static func createDirectory(_ path: String) throws(RegisterError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw .configuration("cannot create the data folder \(path)")
        }
    }

    /// Today's date for a command that needs no register: from the register's configuration when run in
    /// one (its `today` and time zone), else `EHE_TODAY` or today in Europe/London.
    public static func today(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(RegisterError) -> LocalDate {
        if let home = try? RegisterHome.locate(environment: environment, currentDirectory: currentDirectory) {
            return try clock(RegisterConfiguration.load(home: home, environment: environment).settings).date
        }
        if let fixed = environment["EHE_TODAY"] {
            guard let date = LocalDate(iso: fixed) else { throw .configuration("today (EHE_TODAY) must be a date as YYYY-MM-DD") }
            return date
        }
        return Today(timeZone: TimeZone(identifier: "Europe/London") ?? .gmt).date
    }

    /// "Today" from the `today` setting (`EHE_TODAY`; fixed) or the settings' time zone (default Europe/London).
    public static func clock(_ settings: Settings) throws(RegisterError) -> Today {
        let zone = settings.timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "Europe/London") ?? .gmt
        if let fixed = settings.today {
            guard let date = LocalDate(iso: fixed) else { throw .configuration("today (EHE_TODAY) must be a date as YYYY-MM-DD") }
            return Today(fixed: date, timeZone: zone)
        }
        return Today(timeZone: zone)
    }

    /// Refuses a keyring that is not the one this register was set up with.
    static func verifyKeys(_ stored: [String: Data], sealer: EnvelopeSealer) throws(RegisterError) {
        guard !stored.isEmpty else { return }
        for id in sealer.keyIDs {
            if let expected = stored[id], expected != sealer.keyCheck(for: id) {
                throw .keyring("key '\(id)' in the keyring is not the key of that id this register was set up with")
            }
        }
        guard stored[sealer.primaryKeyID] != nil else {
            throw .keyring(
                "the keyring's primary key '\(sealer.primaryKeyID)' is not known to this register (it knows \(stored.keys.sorted().joined(separator: ", "))); this is the wrong keyring"
            )
        }
    }
}

extension Register {
    /// What `/health/ready` reports: the database answers, its schema is current, the keyring is loaded.
    public struct Readiness: Sendable, Codable, Hashable {
        public var database: Bool
        public var migrations: Bool
        public var keyring: Bool
        public var ready: Bool
    }

    public func readiness() async -> Readiness {
        let (reachable, current) = await storage.health()
        let keyring = !sealer.keyIDs.isEmpty
        return Readiness(database: reachable, migrations: current, keyring: keyring, ready: reachable && current && keyring)
    }
}

extension Register {
    /// For a long-running service: the write-ahead log is copied back to the database file on a thread of
    /// its own, so no commit (no request waiting for its audit entry) carries a checkpoint. Stopped by `close()`.
    public func startBackgroundCheckpoints() throws {
        try storage.startBackgroundCheckpoints()
    }

    /// Closes the database (after the server has stopped taking requests).
    public func close() throws {
        try storage.close()
    }
}
