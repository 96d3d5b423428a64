public import EHECore
import Foundation

/// The register's settings: `Config/settings.json` (checked in, no secrets), overridden by environment
/// variables, overridden by command-line flags.
///
/// - Configuration keys (settings.json · environment):
///   - `dataDirectory` · `EHE_DATA_DIR` (path, default `data`): folder for the database and the development
///     keyring; relative paths are resolved from the register home.
///   - `keyringFile` · `EHE_KEYRING_FILE` (path, default `<dataDirectory>/keyring.json`): the keyring file,
///     mode 0600.
///   - (none) · `EHE_KEYRING` (JSON, secret): the keyring itself; when set, no keyring file is read.
///   - `planningAreaFile` (path in `Config/`, default `planning-areas.csv`): postcode → planning area lookup.
///   - `timeZone` (default `Europe/London`): the zone "today" is taken in.
///   - `leapDayBirthday` (`03-01` or `02-28`, default `03-01`): where a 29 February birthday falls in a
///     common year, for age in whole years only.
///   - `localAuthority.oldCode`, `.newCode`, `.name`: the LA's DfE number, ONS code and name.
///   - `policy.annualContactMonths` (default 12), `policy.ehcpReviewMonths` (default 12),
///     `policy.ehcpDecisionDays` (default 28): review clocks (DOMAIN.md §6–7).
///   - `bankHolidayFile` (path in `Config/`, default `bank-holidays.json`): England and Wales bank holidays
///     for working-day deadlines, in the gov.uk `bank-holidays.json` event format.
///   - `reminders.initialContactWorkingDays` (default 10), `reminders.consentDecisionWorkingDays` (default 10):
///     the LA's own deadlines in working days; `reminders.dueSoonDays` (default 14): how far ahead an item
///     counts as "due" rather than "upcoming".
///   - `localAuthority.regionCode`, `.regionName`, `.population5to16`: region and 5–16 population for DfE files.
///   - `disclosure.defaultMode` (`dfe`, `suppress`, `exact`; default `dfe`), `disclosure.suppressionThreshold`
///     (default 6): disclosure control of exported counts.
///   - `censusDateFile` (path in `Config/`, default `census-dates.json`): census date per academic year and term.
///   - `server.host` · `EHE_HOST` (default `127.0.0.1`), `server.port` · `EHE_PORT` (default 8080): where
///     `ehe serve` listens (flags `--host`, `--port` win).
///   - `server.tlsCertificateFile` · `EHE_TLS_CERT`, `server.tlsKeyFile` · `EHE_TLS_KEY` (PEM paths, optional):
///     serve HTTPS directly; without them serve plain HTTP, for loopback or behind a TLS reverse proxy.
///   - `server.trustForwardedFor` (default false): take the client address from `X-Forwarded-For` (only
///     behind a reverse proxy that sets it).
///   - `server.publicURL` · `EHE_PUBLIC_URL` (optional): the address people use (behind a proxy); `https`
///     makes cookies Secure and sends HSTS; calendar links are built from it.
///   - `auth.bcryptCost` · `EHE_BCRYPT_COST` (4–31, default 12): work factor of new password hashes.
///   - `auth.sessionMinutes` (default 480): how long a sign-in lasts.
///   - `auth.lockoutAttempts` (default 5), `auth.lockoutMinutes` (default 15): consecutive failed sign-ins
///     that lock an account, and for how long.
///   - `auth.addressAttemptsPerMinute` (default 20): failed sign-ins allowed from one address per minute.
///   - `auth.tokenDays` (default 90): default lifetime of API tokens.
///   - (none) · `EHE_TODAY` (YYYY-MM-DD, optional): fixes "today", for training registers and tests.
///   - (none) · `EHE_HOME` (path): where `Config/` and `Migrations/` are, when not the current folder.
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
    }

    public struct AuthSettings: Sendable, Codable, Equatable {
        public var bcryptCost: Int?
        public var sessionMinutes: Int?
        public var lockoutAttempts: Int?
        public var lockoutMinutes: Int?
        public var addressAttemptsPerMinute: Int?
        public var tokenDays: Int?
    }

    public var server: ServerSettings?
    public var auth: AuthSettings?

    public var dataDirectory: String
    public var keyringFile: String?
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

    /// Reads `settings.json` from the config folder.
    public static func load(configDirectory: String) throws(RegisterError) -> Settings {
        let path = configDirectory + "/settings.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .configuration("cannot read \(path)")
        }
        do {
            return try JSONDecoder().decode(Settings.self, from: data)
        } catch let error as DecodingError {
            let field: String
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                field = context.codingPath.map(\.stringValue).joined(separator: ".")
            case .keyNotFound(let key, let context):
                field = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            @unknown default:
                field = "?"
            }
            throw .configuration("\(path): the setting '\(field)' is missing or has the wrong type")
        } catch {
            throw .configuration("\(path) is not valid JSON")
        }
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
