public import EHECore
public import Foundation
public import GRDB

/// User accounts, API tokens and sessions in SQLite.
public struct SQLiteAccountStore: AccountStore {
    let access: DatabaseAccess

    public init(writer: any DatabaseWriter) {
        self.access = DatabaseAccess(writer: writer)
    }

    public func addUser(name: String, role: Role, passwordHash: String, at: String) async throws -> UserAccount {
        try await access.write { db in
            if try Bool.fetchOne(db, sql: #"SELECT 1 FROM "user_account" WHERE "name" = ?"#, arguments: [name]) == true {
                throw RegisterError.invalid([
                    ValidationProblem(field: "name", rule: "unique", message: "there is already a user with this name")
                ])
            }
            try db.execute(
                sql: #"INSERT INTO "user_account" ("name", "role", "password_hash", "created_at") VALUES (?, ?, ?, ?)"#,
                arguments: [name, role.rawValue, passwordHash, at]
            )
            return UserAccount(id: db.lastInsertedRowID, name: name, role: role, passwordHash: passwordHash, createdAt: at)
        }
    }

    public func user(named name: String) async throws -> UserAccount? {
        try await access.read { db in
            try Row.fetchOne(db, sql: #"SELECT * FROM "user_account" WHERE "name" = ?"#, arguments: [name]).map(Self.user)
        }
    }

    public func users() async throws -> [UserAccount] {
        try await access.read { db in
            try Row.fetchAll(db, sql: #"SELECT * FROM "user_account" ORDER BY "name""#).map(Self.user)
        }
    }

    public func setPassword(name: String, passwordHash: String) async throws {
        try await access.write { db in
            let id = try Self.userID(db, name)
            try db.execute(
                sql: #"UPDATE "user_account" SET "password_hash" = ?, "failed_sign_ins" = 0, "locked_until" = NULL WHERE "id" = ?"#,
                arguments: [passwordHash, id]
            )
            try Self.endSessions(db, userID: id)
        }
    }

    public func setDisabled(name: String, at: String?) async throws {
        try await access.write { db in
            let id = try Self.userID(db, name)
            try db.execute(sql: #"UPDATE "user_account" SET "disabled_at" = ? WHERE "id" = ?"#, arguments: [at, id])
            try Self.endSessions(db, userID: id)
        }
    }

    public func setRole(name: String, role: Role) async throws {
        try await access.write { db in
            let id = try Self.userID(db, name)
            try db.execute(sql: #"UPDATE "user_account" SET "role" = ? WHERE "id" = ?"#, arguments: [role.rawValue, id])
            try Self.endSessions(db, userID: id)
        }
    }

    /// Ends a user's sessions and calendar links (after a password, role or disabled change).
    static func endSessions(_ db: Database, userID: Int64) throws {
        try db.execute(sql: #"DELETE FROM "session" WHERE "user_id" = ?"#, arguments: [userID])
        try db.execute(sql: #"DELETE FROM "calendar_feed" WHERE "user_id" = ?"#, arguments: [userID])
    }

    public func recordFailedSignIn(userID: Int64, limit: Int, lockUntil: String) async throws -> Int {
        try await access.write { db in
            try db.execute(
                sql: #"UPDATE "user_account" SET "failed_sign_ins" = "failed_sign_ins" + 1 WHERE "id" = ?"#,
                arguments: [userID]
            )
            let count =
                try Int.fetchOne(db, sql: #"SELECT "failed_sign_ins" FROM "user_account" WHERE "id" = ?"#, arguments: [userID])
                ?? 0
            if count >= limit {
                try db.execute(
                    sql: #"UPDATE "user_account" SET "locked_until" = ?, "failed_sign_ins" = 0 WHERE "id" = ?"#,
                    arguments: [lockUntil, userID]
                )
            }
            return count
        }
    }

    public func signInLock(subject: Data, address: String, now: String) async throws -> String? {
        try await access.read { db in
            try String.fetchOne(
                db,
                sql: #"""
                    SELECT MAX("locked_until") FROM "sign_in_failure"
                    WHERE "subject" = ? AND "address" IN (?, '*') AND "locked_until" > ?
                    """#,
                arguments: [subject, address, now]
            )
        }
    }

    public func recordSignInFailure(
        subject: Data,
        address: String,
        now: String,
        windowStart: String,
        lockUntil: String,
        limits: SignInLimits
    ) async throws -> SignInLockChange {
        try await access.write { db in
            func count(_ address: String, limit: Int) throws -> Bool {
                // A window that began before `windowStart`, and has no lock running, starts again at one.
                try db.execute(
                    sql: #"""
                        INSERT INTO "sign_in_failure" ("subject", "address", "failures", "window_start") VALUES (?, ?, 1, ?)
                        ON CONFLICT ("subject", "address") DO UPDATE SET
                            "failures" = CASE WHEN "window_start" < ? AND IFNULL("locked_until", '') <= ? THEN 1
                                         ELSE "failures" + 1 END,
                            "window_start" = CASE WHEN "window_start" < ? AND IFNULL("locked_until", '') <= ? THEN ?
                                             ELSE "window_start" END
                        """#,
                    arguments: [subject, address, now, windowStart, now, windowStart, now, now]
                )
                let failures =
                    try Int.fetchOne(
                        db,
                        sql: #"SELECT "failures" FROM "sign_in_failure" WHERE "subject" = ? AND "address" = ?"#,
                        arguments: [subject, address]
                    ) ?? 0
                guard failures == limit else { return false }
                try db.execute(
                    sql: #"UPDATE "sign_in_failure" SET "locked_until" = ? WHERE "subject" = ? AND "address" = ?"#,
                    arguments: [lockUntil, subject, address]
                )
                return true
            }
            let fromAddress = try count(address, limit: limits.perAddress)
            let everywhere = try count("*", limit: limits.ceiling)
            return SignInLockChange(lockedFromAddress: fromAddress, lockedEverywhere: everywhere)
        }
    }

    public func clearSignInFailures(subject: Data, address: String?) async throws {
        try await access.write { db in
            if let address {
                try db.execute(
                    sql: #"DELETE FROM "sign_in_failure" WHERE "subject" = ? AND "address" = ?"#,
                    arguments: [subject, address]
                )
            } else {
                try db.execute(sql: #"DELETE FROM "sign_in_failure" WHERE "subject" = ?"#, arguments: [subject])
            }
        }
    }

    public func recordSuccessfulSignIn(userID: Int64) async throws {
        try await access.write { db in
            try db.execute(
                sql: #"UPDATE "user_account" SET "failed_sign_ins" = 0, "locked_until" = NULL WHERE "id" = ?"#,
                arguments: [userID]
            )
        }
    }

    public func addSession(digest: Data, userID: Int64, csrfToken: String, at: String, expiresAt: String) async throws {
        try await access.write { db in
            try db.execute(
                sql: #"INSERT INTO "session" ("digest", "user_id", "csrf_token", "created_at", "expires_at") VALUES (?, ?, ?, ?, ?)"#,
                arguments: [digest, userID, csrfToken, at, expiresAt]
            )
        }
    }

    public func session(digest: Data, now: String) async throws -> SessionRecord? {
        try await access.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT "user_account".*, "session"."csrf_token" AS "csrf", "session"."expires_at" AS "session_expires"
                        FROM "session" JOIN "user_account" ON "user_account"."id" = "session"."user_id"
                        WHERE "session"."digest" = ? AND "session"."expires_at" > ? AND "user_account"."disabled_at" IS NULL
                        """,
                    arguments: [digest, now]
                )
            else { return nil }
            return SessionRecord(user: Self.user(row), csrfToken: row["csrf"], expiresAt: row["session_expires"])
        }
    }

    public func deleteSession(digest: Data) async throws {
        try await access.write { db in
            try db.execute(sql: #"DELETE FROM "session" WHERE "digest" = ?"#, arguments: [digest])
        }
    }

    public func deleteExpiredSessions(now: String) async throws -> Int {
        try await access.write { db in
            try db.execute(sql: #"DELETE FROM "session" WHERE "expires_at" <= ?"#, arguments: [now])
            return db.changesCount
        }
    }

    public func addToken(
        name: String,
        role: Role,
        digest: Data,
        at: String,
        createdBy: String,
        expiresAt: String
    ) async throws -> APITokenRecord {
        try await access.write { db in
            try db.execute(
                sql: """
                    INSERT INTO "api_token" ("name", "role", "digest", "created_at", "created_by", "expires_at")
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [name, role.rawValue, digest, at, createdBy, expiresAt]
            )
            return APITokenRecord(
                id: db.lastInsertedRowID,
                name: name,
                role: role,
                createdAt: at,
                createdBy: createdBy,
                expiresAt: expiresAt
            )
        }
    }

    public func token(digest: Data, now: String) async throws -> APITokenRecord? {
        try await access.read { db in
            try Row.fetchOne(
                db,
                sql: #"SELECT * FROM "api_token" WHERE "digest" = ? AND "revoked_at" IS NULL AND "expires_at" > ?"#,
                arguments: [digest, now]
            ).map(Self.token)
        }
    }

    public func tokens() async throws -> [APITokenRecord] {
        try await access.read { db in
            try Row.fetchAll(db, sql: #"SELECT * FROM "api_token" ORDER BY "id""#).map(Self.token)
        }
    }

    public func revokeToken(id: Int64, at: String) async throws -> Bool {
        try await access.write { db in
            try db.execute(
                sql: #"UPDATE "api_token" SET "revoked_at" = ? WHERE "id" = ? AND "revoked_at" IS NULL"#,
                arguments: [at, id]
            )
            return db.changesCount == 1
        }
    }

    public func setCalendarFeed(userID: Int64, digest: Data?, at: String) async throws {
        try await access.write { db in
            try db.execute(sql: #"DELETE FROM "calendar_feed" WHERE "user_id" = ?"#, arguments: [userID])
            if let digest {
                try db.execute(
                    sql: #"INSERT INTO "calendar_feed" ("user_id", "digest", "created_at") VALUES (?, ?, ?)"#,
                    arguments: [userID, digest, at]
                )
            }
        }
    }

    public func hasCalendarFeed(userID: Int64) async throws -> Bool {
        try await access.read { db in
            try Bool.fetchOne(db, sql: #"SELECT EXISTS (SELECT 1 FROM "calendar_feed" WHERE "user_id" = ?)"#, arguments: [userID]) ?? false
        }
    }

    public func calendarFeedUser(digest: Data) async throws -> UserAccount? {
        try await access.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT "user_account".* FROM "calendar_feed" JOIN "user_account" ON "user_account"."id" = "calendar_feed"."user_id"
                    WHERE "calendar_feed"."digest" = ? AND "user_account"."disabled_at" IS NULL
                    """,
                arguments: [digest]
            ).map(Self.user)
        }
    }

    static func userID(_ db: Database, _ name: String) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: #"SELECT "id" FROM "user_account" WHERE "name" = ?"#, arguments: [name])
        else {
            throw RegisterError.invalid([ValidationProblem(field: "name", rule: "exists", message: "there is no user with this name")])
        }
        return id
    }

    static func user(_ row: Row) -> UserAccount {
        UserAccount(
            id: row["id"],
            name: row["name"],
            role: Role(rawValue: row["role"]) ?? .analyst,
            passwordHash: row["password_hash"],
            createdAt: row["created_at"],
            disabledAt: row["disabled_at"],
            failedSignIns: row["failed_sign_ins"],
            lockedUntil: row["locked_until"]
        )
    }

    static func token(_ row: Row) -> APITokenRecord {
        APITokenRecord(
            id: row["id"],
            name: row["name"],
            role: Role(rawValue: row["role"]) ?? .analyst,
            createdAt: row["created_at"],
            createdBy: row["created_by"],
            expiresAt: row["expires_at"],
            revokedAt: row["revoked_at"]
        )
    }
}
