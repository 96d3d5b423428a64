import EHECore
import Foundation
import Testing

@testable import EHEApp

/// Issue 15: the probe found that lockout answered 429 for a real account and 401 for an unknown one, and
/// that anyone could keep a known account locked. Locks are now per (name, address), with a ceiling per
/// name over every address, counted alike for names that exist and names that do not.
@Suite("Sign-in locks: per name and address, a ceiling per name, the same for unknown names")
struct SignInLockTests {
    /// A register with one officer, and its account service under a small policy (3 per address, 7 in all).
    static func accounts(_ workspace: Workspace) async throws -> (Register, AccountService) {
        let register = try workspace.open(initialise: true, environment: ["EHE_BCRYPT_COST": "4"])
        var policy = register.accounts.policy
        policy.lockoutAttempts = 3
        policy.lockoutCeiling = 7
        policy.lockoutMinutes = 15
        let service = AccountService(store: register.accounts.store, audit: register.accounts.audit, policy: policy)
        _ = try await service.addUser(name: "olivia", role: .officer, password: "officer-password-1", by: "test")
        return (register, service)
    }

    /// What a sign-in answered: "ok", "wrong" or "locked".
    static func attempt(_ service: AccountService, _ name: String, _ password: String, from address: String, at now: Date) async -> String {
        do {
            _ = try await service.authenticate(name: name, password: password, address: address, now: now)
            return "ok"
        } catch AccountService.SignInFailure.locked {
            return "locked"
        } catch {
            return "wrong"
        }
    }

    @Test("failures from one address lock the name from that address only; the officer elsewhere still signs in")
    func perAddress() async throws {
        let workspace = Workspace()
        let (register, service) = try await Self.accounts(workspace)
        defer { try? register.close() }
        let now = Date()
        var answers: [String] = []
        for _ in 0..<4 { answers.append(await Self.attempt(service, "olivia", "wrong-password-1", from: "203.0.113.9", at: now)) }
        #expect(answers == ["wrong", "wrong", "wrong", "locked"])
        // Even the right password from the attacker's address is refused while the lock runs...
        #expect(await Self.attempt(service, "olivia", "officer-password-1", from: "203.0.113.9", at: now) == "locked")
        // ...but the officer at her own desk is not locked out.
        #expect(await Self.attempt(service, "olivia", "officer-password-1", from: "10.0.0.5", at: now) == "ok")
        // After lockoutMinutes the lock has run out.
        let later = now.addingTimeInterval(16 * 60)
        #expect(await Self.attempt(service, "olivia", "officer-password-1", from: "203.0.113.9", at: later) == "ok")
    }

    @Test("an unknown name is locked by the same count, so a lock does not tell which names exist")
    func unknownNamesAlike() async throws {
        let workspace = Workspace()
        let (register, service) = try await Self.accounts(workspace)
        defer { try? register.close() }
        let now = Date()
        for name in ["olivia", "Olivia-not-here"] {
            var answers: [String] = []
            for _ in 0..<4 { answers.append(await Self.attempt(service, name, "wrong-password-1", from: "198.51.100.1", at: now)) }
            #expect(answers == ["wrong", "wrong", "wrong", "locked"], "\(name)")
        }
    }

    @Test("failures spread over many addresses reach the ceiling and lock the name everywhere; a reset clears it")
    func ceiling() async throws {
        let workspace = Workspace()
        let (register, service) = try await Self.accounts(workspace)
        defer { try? register.close() }
        let now = Date()
        for index in 0..<7 {
            #expect(await Self.attempt(service, "olivia", "wrong-password-1", from: "192.0.2.\(index)", at: now) == "wrong")
        }
        #expect(await Self.attempt(service, "olivia", "officer-password-1", from: "10.0.0.5", at: now) == "locked")
        #expect(try await service.user(named: "olivia")?.lockedUntil != nil, "the account shows the lock in `ehe user list`")
        // An administrator's password reset clears every lock on the name.
        try await service.resetPassword(name: "olivia", password: "officer-password-2", by: "admin")
        #expect(await Self.attempt(service, "olivia", "officer-password-2", from: "10.0.0.5", at: now) == "ok")
        // The same ceiling holds for a name that does not exist.
        for index in 0..<7 {
            _ = await Self.attempt(service, "nobody", "wrong-password-1", from: "192.0.2.\(index)", at: now)
        }
        #expect(await Self.attempt(service, "nobody", "whatever-1", from: "10.0.0.5", at: now) == "locked")
    }

    @Test("the names tried are kept only as digests")
    func namesNotKept() async throws {
        let workspace = Workspace()
        let (register, service) = try await Self.accounts(workspace)
        defer { try? register.close() }
        _ = await Self.attempt(service, "Marigoldcanary-typed-a-password", "x-password-1", from: "192.0.2.1", at: Date())
        try register.close()
        #expect(!(try workspace.snapshot().joined().contains("Marigoldcanary")))
    }
}

/// Issue 15: the probe found the database files created 0644 (the folder was 0700).
@Suite("The register's files are the owner's alone")
struct DataFileModeTests {
    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    @Test("database, WAL, shared-memory and audit files are created 0600; an older register's 0644 files are narrowed")
    func modes() async throws {
        let workspace = Workspace()
        let register = try workspace.open(initialise: true)
        _ = try await register.cases.seedDemo(count: 3, seed: 1)
        let files = ["register.sqlite", "register.sqlite-wal", "register.sqlite-shm", "audit.sqlite", "audit.sqlite-wal"]
            .map { workspace.data + "/" + $0 }
        for file in files where FileManager.default.fileExists(atPath: file) {
            #expect(Self.mode(file) == 0o600, "\(file): \(String(Self.mode(file) ?? 0, radix: 8))")
        }
        #expect(FileManager.default.fileExists(atPath: files[0]) && FileManager.default.fileExists(atPath: files[3]))
        try register.close()
        for file in files where FileManager.default.fileExists(atPath: file) {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        }
        let reopened = try workspace.open()
        defer { try? reopened.close() }
        for file in files where FileManager.default.fileExists(atPath: file) {
            #expect(Self.mode(file) == 0o600, "\(file) after reopening")
        }
    }
}
