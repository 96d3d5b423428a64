/// Every configuration key the register reads, documented once: where it can be set (Config/settings.json,
/// an environment variable, a command-line flag), its type, whether it is a secret, and what it does.
/// `ehe config show` prints the effective value of each with where it came from; docs/configuration.md is
/// checked against this list by a test.
public struct SettingKey: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case string, int, bool
    }

    /// The dotted key, as in settings.json (`server.port`).
    public var key: String
    public var kind: Kind
    /// The environment variable that sets it, if any.
    public var environment: String?
    /// The command-line flag that sets it, if any (where the command has that flag).
    public var flag: String?
    /// Redacted wherever configuration is shown or logged.
    public var secret: Bool
    /// What happens when it is not set.
    public var defaultText: String
    public var summary: String

    init(
        _ key: String,
        _ kind: Kind,
        environment: String? = nil,
        flag: String? = nil,
        secret: Bool = false,
        default defaultText: String = "(not set)",
        _ summary: String
    ) {
        self.key = key
        self.kind = kind
        self.environment = environment
        self.flag = flag
        self.secret = secret
        self.defaultText = defaultText
        self.summary = summary
    }

    public static let all: [SettingKey] = [
        SettingKey(
            "dataDirectory",
            .string,
            environment: "EHE_DATA_DIR",
            flag: "--data-dir",
            default: "data",
            "folder for the database files and the development keyring; relative paths are resolved from the register home"
        ),
        SettingKey(
            "keyringFile",
            .string,
            environment: "EHE_KEYRING_FILE",
            flag: "--keyring",
            default: "<dataDirectory>/keyring.json",
            "the keyring file (mode 0600); a flag wins over `keyring`"
        ),
        SettingKey(
            "keyring",
            .string,
            environment: "EHE_KEYRING",
            secret: true,
            "the keyring itself (JSON), from a secret store; when set, no keyring file is read"
        ),
        SettingKey("today", .string, environment: "EHE_TODAY", "fixes \"today\" (YYYY-MM-DD), for training registers and tests"),
        SettingKey("timeZone", .string, default: "Europe/London", "the zone \"today\" is taken in"),
        SettingKey(
            "leapDayBirthday",
            .string,
            default: "03-01",
            "where a 29 February birthday falls in a common year (`03-01` or `02-28`), for age in whole years only"
        ),
        SettingKey("planningAreaFile", .string, default: "planning-areas.csv", "postcode → planning area lookup, in Config/"),
        SettingKey(
            "bankHolidayFile",
            .string,
            default: "bank-holidays.json",
            "England and Wales bank holidays (gov.uk format), in Config/"
        ),
        SettingKey("censusDateFile", .string, default: "census-dates.json", "census date per academic year and term, in Config/"),
        SettingKey("localAuthority.oldCode", .string, "the LA's three-digit DfE number"),
        SettingKey("localAuthority.newCode", .string, "the LA's nine-character ONS code"),
        SettingKey("localAuthority.name", .string, "the LA's name"),
        SettingKey("localAuthority.regionCode", .string, "ONS region code, for the DfE files"),
        SettingKey("localAuthority.regionName", .string, "region name, for the DfE files"),
        SettingKey(
            "localAuthority.population5to16",
            .int,
            "children aged 5 to 16 living in the LA (ONS mid-year estimate): the denominator of rates"
        ),
        SettingKey(
            "policy.annualContactMonths",
            .int,
            default: "12",
            "months from the last substantive contact to the next annual contact"
        ),
        SettingKey("policy.ehcpReviewMonths", .int, default: "12", "months between EHCP annual reviews"),
        SettingKey("policy.ehcpDecisionDays", .int, default: "28", "days after a review meeting for the LA's decision"),
        SettingKey("reminders.initialContactWorkingDays", .int, default: "10", "working days from notification to the first contact"),
        SettingKey("reminders.consentDecisionWorkingDays", .int, default: "10", "working days for a consent decision"),
        SettingKey("reminders.dueSoonDays", .int, default: "14", "how far ahead an item counts as due rather than upcoming"),
        SettingKey(
            "disclosure.defaultMode",
            .string,
            default: "dfe",
            "disclosure control of exported counts: `dfe`, `suppress` or `exact`"
        ),
        SettingKey("disclosure.suppressionThreshold", .int, default: "6", "counts below this are suppressed in `suppress` mode"),
        SettingKey("server.host", .string, environment: "EHE_HOST", flag: "--host", default: "127.0.0.1", "where `ehe serve` listens"),
        SettingKey("server.port", .int, environment: "EHE_PORT", flag: "--port", default: "8080", "the port `ehe serve` listens on"),
        SettingKey(
            "server.tlsCertificateFile",
            .string,
            environment: "EHE_TLS_CERT",
            "PEM certificate: serve HTTPS directly (with the key)"
        ),
        SettingKey("server.tlsKeyFile", .string, environment: "EHE_TLS_KEY", "PEM private key for the certificate"),
        SettingKey(
            "server.trustForwardedFor",
            .bool,
            default: "false",
            "take the client address from X-Forwarded-For (only behind a reverse proxy that sets it)"
        ),
        SettingKey(
            "server.publicURL",
            .string,
            environment: "EHE_PUBLIC_URL",
            "the address people use (behind a proxy); `https` makes cookies Secure and sends HSTS; calendar links use it"
        ),
        SettingKey(
            "server.jsonEncoder",
            .string,
            environment: "EHE_JSON_ENCODER",
            default: "streaming",
            "`streaming` (the register's one-pass encoder) or `foundation` (Foundation's JSONEncoder): for the side-by-side benchmark of the two"
        ),
        SettingKey("auth.bcryptCost", .int, environment: "EHE_BCRYPT_COST", default: "12", "work factor of new password hashes (4–31)"),
        SettingKey("auth.sessionMinutes", .int, default: "480", "how long a sign-in lasts"),
        SettingKey(
            "auth.lockoutAttempts",
            .int,
            default: "5",
            "failed sign-ins of one name from one address (within `lockoutMinutes`) that lock that name from that address"
        ),
        SettingKey(
            "auth.lockoutCeiling",
            .int,
            default: "50",
            "failed sign-ins of one name from all addresses together (within `lockoutMinutes`) that lock it from everywhere"
        ),
        SettingKey("auth.lockoutMinutes", .int, default: "15", "how long a lock lasts, and the window failures are counted in"),
        SettingKey("auth.addressAttemptsPerMinute", .int, default: "20", "failed sign-ins allowed from one address per minute"),
        SettingKey("auth.tokenDays", .int, default: "90", "default lifetime of API tokens"),
    ]

    /// The keys by name.
    static let byKey: [String: SettingKey] = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })
}

extension SettingKey {
    /// The keys as the Markdown table in docs/configuration.md (a test keeps the two the same; `ehe config
    /// keys` prints it).
    public static var markdownTable: String {
        var lines = ["| key | environment | flag | default | meaning |", "|---|---|---|---|---|"]
        for spec in all {
            let environment = spec.environment.map { "`\($0)`" + (spec.secret ? " (secret)" : "") } ?? "—"
            let flag = spec.flag.map { "`\($0)`" } ?? "—"
            let fallback = spec.defaultText == "(not set)" ? "—" : "`\(spec.defaultText)`"
            lines.append("| `\(spec.key)` | \(environment) | \(flag) | \(fallback) | \(spec.summary) |")
        }
        return lines.joined(separator: "\n")
    }
}
