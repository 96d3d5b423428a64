public import EHECore
internal import EHECrypto
public import Foundation

/// Users, sign-in, sessions and API tokens (DESIGN.md §7). Every sign-in, failure, lockout and account
/// change is audited. Password checks run bcrypt off the caller's thread.
public final class AccountService: Sendable {
    public struct Policy: Sendable {
        public var bcryptCost: Int
        public var sessionMinutes: Int
        public var lockoutAttempts: Int
        public var lockoutMinutes: Int
        public var lockoutCeiling: Int
        public var tokenDays: Int

        public init(settings: Settings.AuthSettings?) {
            bcryptCost = settings?.bcryptCost ?? 12
            sessionMinutes = settings?.sessionMinutes ?? 480
            lockoutAttempts = settings?.lockoutAttempts ?? 5
            lockoutMinutes = settings?.lockoutMinutes ?? 15
            lockoutCeiling = settings?.lockoutCeiling ?? 50
            tokenDays = settings?.tokenDays ?? 90
        }
    }

    /// A successful sign-in: the cookie value (shown once, stored as a digest) and the form token.
    public struct SignedIn: Sendable {
        public var user: UserAccount
        public var sessionSecret: String
        public var csrfToken: String
        public var expiresAt: String
    }

    /// Why a sign-in failed. Neither answer says whether the name exists: an unknown name is locked by
    /// failures exactly as a real one is.
    public enum SignInFailure: Error, Sendable, Equatable, CustomStringConvertible {
        case wrongNameOrPassword
        case locked(until: String)

        public var description: String {
            switch self {
            case .wrongNameOrPassword: "the user name or password is wrong, or the account is disabled"
            case .locked(let until):
                "sign-in with this name is locked after repeated failures until \(until); try again then or ask an administrator"
            }
        }
    }

    let store: any AccountStore
    public let audit: AuditService
    public let policy: Policy
    private let decoy = Locked<String?>(nil)
    /// Names whose password is being checked right now.
    private let signingIn = Locked<Set<String>>([])
    /// At most two bcrypt checks at once: a flood of sign-ins queues here rather than taking every core —
    /// or parking dispatch's worker threads on a semaphore, as each waiting check used to.
    private static let bcryptQueue: OperationQueue = {
        let queue = OperationQueue()
        queue.name = "ehe.bcrypt"
        queue.maxConcurrentOperationCount = 2
        return queue
    }()
    /// Recently checked tokens and sessions (by digest), so a busy client is not looked up on every request.
    /// Entries live at most `credentialCacheSeconds`: a revocation or disablement made by another process
    /// (the CLI) takes effect within that time; one made through this service takes effect at once.
    private let tokenCache = CredentialCache<APITokenRecord>(expiresAt: \.expiresAt)
    private let sessionCache = CredentialCache<SessionRecord>(expiresAt: \.expiresAt)
    public static let credentialCacheSeconds: TimeInterval = 5

    public init(store: any AccountStore, audit: AuditService, policy: Policy) {
        self.store = store
        self.audit = audit
        self.policy = policy
    }

    // MARK: Users

    /// Adds a user. The password must be at least 12 characters and not contain the user name.
    public func addUser(name: String, role: Role, password: String, by actor: String) async throws -> UserAccount {
        try UserAccount.checkName(name)
        try Self.checkPassword(password, name: name)
        let hash = await hash(password)
        let user = try await store.addUser(name: name, role: role, passwordHash: hash, at: Date().auditStamp)
        try await audit.record(AuditEvent(actor: actor, action: "user.add", detail: "user=\(name) role=\(role.rawValue)"))
        return user
    }

    public func resetPassword(name: String, password: String, by actor: String) async throws {
        try Self.checkPassword(password, name: name)
        let hash = await hash(password)
        try await store.setPassword(name: name, passwordHash: hash)
        try await store.clearSignInFailures(subject: Self.subject(name), address: nil)
        forgetCredentials()
        try await audit.record(AuditEvent(actor: actor, action: "user.reset-password", detail: "user=\(name)"))
    }

    public func setDisabled(name: String, disabled: Bool, by actor: String) async throws {
        try await store.setDisabled(name: name, at: disabled ? Date().auditStamp : nil)
        forgetCredentials()
        try await audit.record(AuditEvent(actor: actor, action: disabled ? "user.disable" : "user.enable", detail: "user=\(name)"))
    }

    public func setRole(name: String, role: Role, by actor: String) async throws {
        try await store.setRole(name: name, role: role)
        forgetCredentials()
        try await audit.record(AuditEvent(actor: actor, action: "user.role", detail: "user=\(name) role=\(role.rawValue)"))
    }

    public func users() async throws -> [UserAccount] { try await store.users() }

    /// The account of this name, if there is one.
    public func user(named name: String) async throws -> UserAccount? { try await store.user(named: name) }

    /// Whether the user has a private calendar link now.
    public func hasCalendarFeed(_ user: UserAccount) async throws -> Bool { try await store.hasCalendarFeed(userID: user.id) }

    /// Ends sessions past their expiry (housekeeping); returns how many.
    public func deleteExpiredSessions() async throws -> Int {
        try await store.deleteExpiredSessions(now: Date().auditStamp)
    }

    static func checkPassword(_ password: String, name: String) throws(RegisterError) {
        var problems: [ValidationProblem] = []
        if password.count < 12 {
            problems.append(ValidationProblem(field: "password", rule: "length", message: "must be at least 12 characters"))
        }
        if password.utf8.count > 72 {
            problems.append(
                ValidationProblem(field: "password", rule: "length", message: "must be at most 72 bytes (bcrypt reads no further)")
            )
        }
        if !name.isEmpty, password.lowercased().contains(name.lowercased()) {
            problems.append(ValidationProblem(field: "password", rule: "contains-name", message: "must not contain the user name"))
        }
        if !problems.isEmpty { throw .invalid(problems) }
    }

    // MARK: Sign-in

    /// Checks the name and password; on success starts a session. Failures are audited and counted per
    /// (name, address) and per name (`Policy`), for every name tried, known or not.
    public func signIn(name: String, password: String, address: String?, now: Date = Date()) async throws -> SignedIn {
        let user = try await authenticate(name: name, password: password, address: address, now: now)
        let secret = Secrets.randomToken(prefix: "s_")
        let csrf = Secrets.randomToken()
        let expires = now.addingTimeInterval(Double(policy.sessionMinutes) * 60).auditStamp
        try await store.addSession(
            digest: Secrets.digest(secret),
            userID: user.id,
            csrfToken: csrf,
            at: now.auditStamp,
            expiresAt: expires
        )
        try await audit.record(AuditEvent(actor: "user:\(user.name)", action: "signin", address: address))
        return SignedIn(user: user, sessionSecret: secret, csrfToken: csrf, expiresAt: expires)
    }

    /// What sign-in failures are counted under: a digest of the lower-cased name tried.
    static func subject(_ name: String) -> Data { Secrets.digest("sign-in:" + name.lowercased()) }

    /// Checks a name and password (locks, disabled accounts and failures as for `signIn`) without
    /// starting a session: for a command-line action that needs a role.
    ///
    /// Locks (DESIGN.md §7, issue 15): `lockoutAttempts` failures of one name from one address lock that
    /// name from that address only, so someone elsewhere cannot keep an officer out; `lockoutCeiling`
    /// failures from all addresses together lock it everywhere (a spread-out guessing attack). Both are
    /// counted for unknown names too, and answered identically, so a lock does not reveal that a name exists.
    public func authenticate(name: String, password: String, address: String?, now: Date = Date()) async throws -> UserAccount {
        let subject = Self.subject(name)
        let place = address ?? "unknown"
        if let until = try await store.signInLock(subject: subject, address: place, now: now.auditStamp) {
            try await audit.record(
                AuditEvent(actor: "anonymous", action: "signin.failed", address: address, outcome: "denied", detail: "locked")
            )
            throw SignInFailure.locked(until: until)
        }
        // One password check per name at a time: a burst of parallel guesses would otherwise all pass the
        // lock check before the first failure is counted.
        guard signingIn.withLock({ $0.insert(name).inserted }) else {
            try await audit.record(
                AuditEvent(actor: "anonymous", action: "signin.failed", address: address, outcome: "denied", detail: "concurrent attempt")
            )
            throw SignInFailure.wrongNameOrPassword
        }
        defer { signingIn.update { $0.remove(name) } }
        let user = try await store.user(named: name)
        guard let user, user.disabledAt == nil else {
            // The same bcrypt work as a real check, so timing does not tell which names exist.
            _ = await verify(password, hash: await decoyHash())
            try await recordFailure(
                subject: subject,
                user: user,
                address: address,
                now: now,
                detail: user == nil ? "unknown user" : "account disabled"
            )
            throw SignInFailure.wrongNameOrPassword
        }
        if let until = user.lockedUntil, until > now.auditStamp {
            // Locked by an administrator's tools or an earlier version: refused, as any lock is.
            try await audit.record(
                AuditEvent(actor: "user:\(user.name)", action: "signin.failed", address: address, outcome: "denied", detail: "locked")
            )
            throw SignInFailure.locked(until: until)
        }
        guard await verify(password, hash: user.passwordHash) else {
            try await recordFailure(subject: subject, user: user, address: address, now: now, detail: "wrong password")
            throw SignInFailure.wrongNameOrPassword
        }
        // Locked meanwhile (by failures counted while the hash was checked): refused all the same.
        if let until = try await store.signInLock(subject: subject, address: place, now: max(now, Date()).auditStamp) {
            throw SignInFailure.locked(until: until)
        }
        try await store.clearSignInFailures(subject: subject, address: place)
        if user.failedSignIns > 0 || user.lockedUntil != nil {
            try await store.recordSuccessfulSignIn(userID: user.id)
        }
        return user
    }

    /// Counts a failure, audits it and any lock it set; a name locked everywhere that belongs to an account
    /// is also marked on the account, where `ehe user list` shows it.
    private func recordFailure(subject: Data, user: UserAccount?, address: String?, now: Date, detail: String) async throws {
        let until = now.addingTimeInterval(Double(policy.lockoutMinutes) * 60).auditStamp
        let change = try await store.recordSignInFailure(
            subject: subject,
            address: address ?? "unknown",
            now: now.auditStamp,
            windowStart: now.addingTimeInterval(-Double(policy.lockoutMinutes) * 60).auditStamp,
            lockUntil: until,
            limits: SignInLimits(perAddress: policy.lockoutAttempts, ceiling: policy.lockoutCeiling)
        )
        let actor = user.map { "user:\($0.name)" } ?? "anonymous"
        func event(_ action: String, _ detail: String) -> AuditEvent {
            AuditEvent(actor: actor, action: action, address: address, outcome: "denied", detail: detail)
        }
        var events = [event("signin.failed", detail)]
        if change.lockedFromAddress { events.append(event("account.locked", "from this address until \(until)")) }
        if change.lockedEverywhere {
            if let user { _ = try await store.recordFailedSignIn(userID: user.id, limit: 1, lockUntil: until) }
            events.append(event("account.locked", "from every address until \(until)"))
        }
        try await audit.record(events)
    }

    /// The live session for a cookie value, or nil.
    public func session(secret: String, now: Date = Date()) async throws -> SessionRecord? {
        try await sessionCache.lookup(Secrets.digest(secret), now: now) { digest, stamp in
            try await store.session(digest: digest, now: stamp)
        }
    }

    public func signOut(secret: String, actor: String, address: String?) async throws {
        let digest = Secrets.digest(secret)
        try await store.deleteSession(digest: digest)
        sessionCache.forgetDigests(matching: { $0 == digest })
        try await audit.record(AuditEvent(actor: actor, action: "signout", address: address))
    }

    /// Whether a form's CSRF token is the session's (constant-time).
    public static func csrfMatches(_ given: String, _ expected: String) -> Bool { Secrets.equal(given, expected) }

    // MARK: Tokens

    /// Creates an API token; returns the token (to show once) and its record.
    public func createToken(
        name: String,
        role: Role,
        days: Int?,
        by actor: String,
        now: Date = Date()
    ) async throws -> (
        token: String, record: APITokenRecord
    ) {
        guard !name.isEmpty, name.count <= 64 else {
            throw RegisterError.invalid([ValidationProblem(field: "name", rule: "length", message: "must be 1–64 characters")])
        }
        let lifetime = days ?? policy.tokenDays
        guard (1...730).contains(lifetime) else {
            throw RegisterError.invalid([ValidationProblem(field: "days", rule: "range", message: "must be from 1 to 730")])
        }
        let token = Secrets.randomToken(prefix: "ehe_")
        let record = try await store.addToken(
            name: name,
            role: role,
            digest: Secrets.digest(token),
            at: now.auditStamp,
            createdBy: actor,
            expiresAt: now.addingTimeInterval(Double(lifetime) * 86_400).auditStamp
        )
        try await audit.record(
            AuditEvent(actor: actor, action: "token.create", detail: "token=\(record.id) name=\(name) role=\(role.rawValue)")
        )
        return (token, record)
    }

    /// The live token for a bearer value, or nil.
    public func token(secret: String, now: Date = Date()) async throws -> APITokenRecord? {
        try await tokenCache.lookup(Secrets.digest(secret), now: now) { digest, stamp in
            try await store.token(digest: digest, now: stamp)
        }
    }

    /// Drops every cached session and token (after an account change), so the change applies at once.
    func forgetCredentials() {
        sessionCache.forgetDigests(matching: { _ in true })
        tokenCache.forgetDigests(matching: { _ in true })
    }

    public func tokens() async throws -> [APITokenRecord] { try await store.tokens() }

    public func revokeToken(id: Int64, by actor: String) async throws {
        let revoked = try await store.revokeToken(id: id, at: Date().auditStamp)
        tokenCache.forgetRecords(matching: { $0.id == id })
        guard revoked else {
            throw RegisterError.invalid([
                ValidationProblem(field: "id", rule: "exists", message: "there is no live token with this id")
            ])
        }
        try await audit.record(AuditEvent(actor: actor, action: "token.revoke", detail: "token=\(id)"))
    }

    // MARK: Calendar feeds

    /// A new private calendar feed link secret for the user (any earlier link stops working).
    public func createCalendarFeed(for user: UserAccount, address: String?) async throws -> String {
        let secret = Secrets.randomToken(prefix: "cal_")
        try await store.setCalendarFeed(userID: user.id, digest: Secrets.digest(secret), at: Date().auditStamp)
        try await audit.record(AuditEvent(actor: "user:\(user.name)", action: "calendar.create", address: address))
        return secret
    }

    public func revokeCalendarFeed(for user: UserAccount, address: String?) async throws {
        try await store.setCalendarFeed(userID: user.id, digest: nil, at: Date().auditStamp)
        try await audit.record(AuditEvent(actor: "user:\(user.name)", action: "calendar.revoke", address: address))
    }

    public func calendarFeedUser(secret: String) async throws -> UserAccount? {
        try await store.calendarFeedUser(digest: Secrets.digest(secret))
    }

    // MARK: bcrypt off the caller's thread

    func hash(_ password: String) async -> String {
        let cost = policy.bcryptCost
        return await Self.offThread { Secrets.hashPassword(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async -> Bool {
        await Self.offThread { Secrets.verifyPassword(password, hash: hash) }
    }

    func decoyHash() async -> String {
        if let existing = decoy.value { return existing }
        let made = await hash(Secrets.randomToken())
        decoy.update { $0 = $0 ?? made }
        return decoy.value ?? made
    }

    static func offThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            bcryptQueue.addOperation { continuation.resume(returning: work()) }
        }
    }
}

/// Credentials found valid (by digest), kept for `AccountService.credentialCacheSeconds`.
///
/// Every forget moves a generation on, and a lookup stores what it found only if no forget happened while it
/// was reading the store: otherwise a lookup that started before a revocation could put the revoked record
/// back for the rest of the cache time. Unknown credentials are not kept: each miss is looked up.
final class CredentialCache<Record: Sendable>: Sendable {
    private let entries = Locked<(records: [Data: (record: Record, until: Date)], generation: Int)>(([:], 0))
    private let expiresAt: @Sendable (Record) -> String

    init(expiresAt: @escaping @Sendable (Record) -> String) {
        self.expiresAt = expiresAt
    }

    /// The cached record for `digest`, or what `fetch` finds (given the digest and `now` as an audit stamp).
    func lookup(_ digest: Data, now: Date, fetch: (Data, String) async throws -> Record?) async throws -> Record? {
        let stamp = now.auditStamp
        let (cached, generation) = entries.withLock { state in
            (state.records[digest].flatMap { $0.until > now ? $0.record : nil }, state.generation)
        }
        if let cached, expiresAt(cached) > stamp { return cached }
        let found = try await fetch(digest, stamp)
        entries.update { state in
            guard state.generation == generation else { return }
            if state.records.count > 10_000 { state.records = state.records.filter { $0.value.until > now } }
            state.records[digest] = found.map { ($0, now.addingTimeInterval(AccountService.credentialCacheSeconds)) }
        }
        return found
    }

    /// Drops the entries whose digest matches.
    func forgetDigests(matching digests: (Data) -> Bool) {
        entries.update { state in
            state.records = state.records.filter { !digests($0.key) }
            state.generation += 1
        }
    }

    /// Drops the entries whose record matches.
    func forgetRecords(matching records: (Record) -> Bool) {
        entries.update { state in
            state.records = state.records.filter { !records($0.value.record) }
            state.generation += 1
        }
    }
}
