public import Foundation

/// What a signed-in person or API token may do (DESIGN.md §1). Checked on every route, deny by default.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    /// Registers children, records contacts and reviews, finds children, sees what is due.
    case officer
    /// Everything an officer does, plus caseloads, exact (unpublishable) figures and the audit trail.
    case manager
    /// Anonymised aggregates only: no personal data, no case pages.
    case analyst
    /// Users, tokens and keys; never case content.
    case admin

    public var permissions: Set<Permission> {
        switch self {
        case .officer: Self.officerPermissions
        case .manager: Self.managerPermissions
        case .analyst: Self.analystPermissions
        case .admin: Self.adminPermissions
        }
    }

    // Built once: every request checks its route's permission against one of these.
    private static let officerPermissions: Set<Permission> = [.readCases, .changeCases, .search, .reminders, .aggregates]
    private static let managerPermissions: Set<Permission> = [
        .readCases, .changeCases, .search, .reminders, .aggregates, .exactAggregates, .workload, .auditTrail,
    ]
    private static let analystPermissions: Set<Permission> = [.aggregates]
    private static let adminPermissions: Set<Permission> = [.manageAccounts]

    /// Parses a role name, naming the allowed values when it is wrong.
    public static func parse(_ text: String, field: String = "role") throws(RegisterError) -> Role {
        guard let role = Role(rawValue: text) else {
            throw .invalid([
                ValidationProblem(
                    field: field,
                    rule: "code",
                    message: "must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            ])
        }
        return role
    }
}

/// One thing a route needs. A route names exactly one; `Role.permissions` says who has it.
public enum Permission: String, Sendable, Hashable, Codable, CaseIterable {
    case readCases
    case changeCases
    case search
    case reminders
    case workload
    case aggregates
    case exactAggregates
    case auditTrail
    case manageAccounts
}

/// A local user account. The password is kept only as a bcrypt hash.
public struct UserAccount: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var role: Role
    public var passwordHash: String
    public var createdAt: String
    public var disabledAt: String?
    public var failedSignIns: Int
    public var lockedUntil: String?

    public init(
        id: Int64,
        name: String,
        role: Role,
        passwordHash: String,
        createdAt: String,
        disabledAt: String? = nil,
        failedSignIns: Int = 0,
        lockedUntil: String? = nil
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.disabledAt = disabledAt
        self.failedSignIns = failedSignIns
        self.lockedUntil = lockedUntil
    }

    /// User names: 2–64 of a–z, 0–9, `.`, `_`, `-`, starting with a letter (they appear in audit entries).
    public static func checkName(_ name: String, field: String = "name") throws(RegisterError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard (2...64).contains(name.count), name.first?.isLetter == true, name.allSatisfy({ allowed.contains($0) })
        else {
            throw .invalid([
                ValidationProblem(
                    field: field,
                    rule: "format",
                    message: "must be 2–64 lower-case letters, digits, '.', '_' or '-', starting with a letter"
                )
            ])
        }
    }
}

/// An API token for a machine client. The token itself is shown once; only its digest is stored.
public struct APITokenRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var role: Role
    public var createdAt: String
    public var createdBy: String
    public var expiresAt: String
    public var revokedAt: String?

    public init(
        id: Int64,
        name: String,
        role: Role,
        createdAt: String,
        createdBy: String,
        expiresAt: String,
        revokedAt: String? = nil
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// A signed-in browser session (cookie value stored as a digest).
public struct SessionRecord: Sendable, Hashable {
    public var user: UserAccount
    public var csrfToken: String
    public var expiresAt: String

    public init(user: UserAccount, csrfToken: String, expiresAt: String) {
        self.user = user
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

/// How many failed sign-ins lock a name: from one address, and from all of them together.
public struct SignInLimits: Sendable, Hashable {
    public var perAddress: Int
    public var ceiling: Int

    public init(perAddress: Int, ceiling: Int) {
        self.perAddress = perAddress
        self.ceiling = ceiling
    }
}

/// What a failed sign-in locked, if anything.
public struct SignInLockChange: Sendable, Hashable {
    /// The (name, address) pair reached its limit with this failure.
    public var lockedFromAddress: Bool
    /// The name reached the ceiling over every address with this failure.
    public var lockedEverywhere: Bool

    public init(lockedFromAddress: Bool, lockedEverywhere: Bool) {
        self.lockedFromAddress = lockedFromAddress
        self.lockedEverywhere = lockedEverywhere
    }
}

/// Where accounts, tokens and sessions live.
public protocol AccountStore: Sendable {
    /// Adds a user; throws `RegisterError.notAllowed`-style `.invalid` when the name is taken.
    func addUser(name: String, role: Role, passwordHash: String, at: String) async throws -> UserAccount
    func user(named name: String) async throws -> UserAccount?
    func users() async throws -> [UserAccount]
    /// Sets the password hash, clears failures and the lock, and ends the user's sessions.
    func setPassword(name: String, passwordHash: String) async throws
    /// Disables (or re-enables) the user and ends their sessions.
    func setDisabled(name: String, at: String?) async throws
    func setRole(name: String, role: Role) async throws
    /// Records a failed sign-in; locks the account until `lockUntil` when the failure count reaches `limit`.
    /// Returns the new failure count.
    func recordFailedSignIn(userID: Int64, limit: Int, lockUntil: String) async throws -> Int
    func recordSuccessfulSignIn(userID: Int64) async throws

    /// When sign-in for `subject` (a digest of the name tried, known or not) is locked from `address`:
    /// the later of the (subject, address) lock and the subject's lock over every address, if either runs
    /// past `now`.
    func signInLock(subject: Data, address: String, now: String) async throws -> String?
    /// Counts a failed sign-in of `subject` from `address`, and over every address. A count whose window
    /// began before `windowStart` starts again. At `limits.perAddress` failures the pair is locked until
    /// `lockUntil`; at `limits.ceiling` the subject is, from every address.
    func recordSignInFailure(
        subject: Data,
        address: String,
        now: String,
        windowStart: String,
        lockUntil: String,
        limits: SignInLimits
    ) async throws -> SignInLockChange
    /// Forgets the failures of `subject` from `address` (nil: from everywhere, the ceiling included).
    func clearSignInFailures(subject: Data, address: String?) async throws

    func addSession(digest: Data, userID: Int64, csrfToken: String, at: String, expiresAt: String) async throws
    /// The live session with this digest (nil when unknown, expired at `now`, or its user is disabled).
    func session(digest: Data, now: String) async throws -> SessionRecord?
    func deleteSession(digest: Data) async throws
    /// Deletes expired sessions; returns how many.
    func deleteExpiredSessions(now: String) async throws -> Int

    func addToken(
        name: String,
        role: Role,
        digest: Data,
        at: String,
        createdBy: String,
        expiresAt: String
    ) async throws
        -> APITokenRecord
    /// The live token with this digest (nil when unknown, revoked or expired at `now`). Its uses are in the audit log.
    func token(digest: Data, now: String) async throws -> APITokenRecord?
    func tokens() async throws -> [APITokenRecord]
    /// Revokes the token with this id; false when there is none or it was already revoked.
    func revokeToken(id: Int64, at: String) async throws -> Bool

    /// Replaces (or with nil removes) the user's private calendar feed link.
    func setCalendarFeed(userID: Int64, digest: Data?, at: String) async throws
    /// Whether the user has a calendar feed link.
    func hasCalendarFeed(userID: Int64) async throws -> Bool
    /// The live user whose calendar feed link has this digest.
    func calendarFeedUser(digest: Data) async throws -> UserAccount?
}
