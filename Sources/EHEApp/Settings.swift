public import EHECore
import Foundation

/// The register's settings, as `RegisterConfiguration` reads them from flags, `EHE_*` environment variables
/// and `Config/settings.json` (in that order of precedence). Every key is documented once, in
/// `SettingKey.all` (and docs/configuration.md, checked against it); `ehe config show` prints the effective
/// values and where each came from.
public struct Settings: Sendable, Codable, Equatable {
    public struct LocalAuthority: Sendable, Codable, Equatable {
        public var oldCode: String
        public var newCode: String
        public var name: String
        /// ONS region code and name, for the DfE files.
        public var regionCode: String?
        public var regionName: String?
        /// Children aged 5 to 16 living in the LA (ONS mid-year estimate): the denominator of rates.
        public var population5to16: Int?
    }

    public struct DisclosureSettings: Sendable, Codable, Equatable {
        /// `dfe` (round to 10, `low`), `suppress` or `exact`.
        public var defaultMode: String?
        /// Counts from 1 to this minus 1 are suppressed in `suppress` mode.
        public var suppressionThreshold: Int?
    }

    public var disclosure: DisclosureSettings?
    public var censusDateFile: String?

    public struct ServerSettings: Sendable, Codable, Equatable {
        public var host: String?
        public var port: Int?
        public var tlsCertificateFile: String?
        public var tlsKeyFile: String?
        public var trustForwardedFor: Bool?
        /// The address people use, e.g. `https://ehe.example.gov.uk` behind a TLS proxy: calendar links are
        /// built from it, and an `https` address makes cookies Secure and sends HSTS.
        public var publicURL: String?
        /// `streaming` (default) or `foundation`: which JSON encoder writes responses (for benchmarks).
        public var jsonEncoder: String?
    }

    public struct AuthSettings: Sendable, Codable, Equatable {
        public var bcryptCost: Int?
        public var sessionMinutes: Int?
        public var lockoutAttempts: Int?
        public var lockoutMinutes: Int?
        public var lockoutCeiling: Int?
        public var addressAttemptsPerMinute: Int?
        public var tokenDays: Int?
    }

    public var server: ServerSettings?
    public var auth: AuthSettings?

    public var dataDirectory: String
    public var keyringFile: String?
    /// A fixed "today" (YYYY-MM-DD) for training registers and tests.
    public var today: String?
    public var planningAreaFile: String?
    public var timeZone: String?
    public var leapDayBirthday: LeapDayBirthdayRule?
    public var localAuthority: LocalAuthority?
    public var policy: ReviewPolicy?
    public var bankHolidayFile: String?
    public var reminders: ReminderSettings?

    public struct ReminderSettings: Sendable, Codable, Equatable {
        public var initialContactWorkingDays: Int?
        public var consentDecisionWorkingDays: Int?
        public var dueSoonDays: Int?
    }

    /// The reminder policy these settings give.
    public var duePolicy: DuePolicy {
        let defaults = DuePolicy()
        return DuePolicy(
            review: policy ?? ReviewPolicy(),
            initialContactWorkingDays: reminders?.initialContactWorkingDays ?? defaults.initialContactWorkingDays,
            consentDecisionWorkingDays: reminders?.consentDecisionWorkingDays ?? defaults.consentDecisionWorkingDays,
            dueSoonDays: reminders?.dueSoonDays ?? defaults.dueSoonDays
        )
    }
}

/// Where the register's checked-in files are: `Config/` and `Migrations/`, found in the current folder
/// or in `EHE_HOME`.
public struct RegisterHome: Sendable, Equatable {
    public var root: String
    public var configDirectory: String { root + "/Config" }
    public var migrationsDirectory: String { root + "/Migrations/sqlite" }
    /// The audit log file's migrations.
    public var auditMigrationsDirectory: String { root + "/Migrations/sqlite-audit" }

    /// Finds the home: `EHE_HOME` if set, else the current folder. Says what it looked for when it fails.
    public static func locate(
        environment: [String: String],
        currentDirectory: String
    ) throws(RegisterError)
        -> RegisterHome
    {
        let candidates = [environment["EHE_HOME"], currentDirectory].compactMap { $0 }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            let root = candidate.hasSuffix("/") && candidate.count > 1 ? String(candidate.dropLast()) : candidate
            if FileManager.default.fileExists(atPath: root + "/Config/settings.json"),
                FileManager.default.fileExists(atPath: root + "/Migrations/sqlite", isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                return RegisterHome(root: root)
            }
        }
        throw .configuration(
            "cannot find Config/settings.json and Migrations/sqlite in \(candidates.joined(separator: " or ")); run ehe from the register's folder or set EHE_HOME to it"
        )
    }
}
