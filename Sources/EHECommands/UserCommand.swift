import ArgumentParser
import EHEApp
import EHECore
import Foundation

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the people who sign in to `ehe serve`: add, list, disable, enable, reset a password, change a role.",
        discussion: """
            Roles: officer (cases, search, reminders), manager (an officer's rights plus caseloads, exact \
            figures and the audit trail), analyst (anonymised aggregates only), admin (users and tokens; never \
            case content). Passwords are read from the terminal without echo, or from standard input with \
            --password-stdin; they must be at least 12 characters and are stored only as bcrypt hashes. Every \
            change is recorded in the audit log.

            First admin on a new register: ehe user add admin --role admin
            """,
        subcommands: [
            UserAddCommand.self, UserListCommand.self, UserDisableCommand.self, UserEnableCommand.self,
            UserResetPasswordCommand.self, UserRoleCommand.self,
        ]
    )
}

struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user with a role.")

    @OptionGroup var register: RegisterFlags

    @Argument(help: "User name: 2–64 of a–z, 0–9, '.', '_', '-', starting with a letter.")
    var name: String

    @Option(help: "officer, manager, analyst or admin.")
    var role: String

    @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input instead of the terminal.")
    var passwordStdin = false

    func run() async throws {
        let role = try Role.parse(role, field: "--role")
        try UserAccount.checkName(name, field: "NAME")
        let opened = try register.open()
        let password = try PasswordInput.read(prompt: "Password for \(name): ", fromStandardInput: passwordStdin)
        if !passwordStdin {
            let again = try PasswordInput.read(prompt: "Again: ", fromStandardInput: false)
            guard again == password else { throw ValidationError("the two passwords differ; nothing was changed") }
        }
        let user = try await opened.accounts.addUser(name: name, role: role, password: password, by: AuditService.commandLineActor())
        print("Added \(user.name) (\(user.role.rawValue)).")
    }
}

struct UserListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List users, roles and account state.")

    @OptionGroup var register: RegisterFlags
    @OptionGroup var output: OutputFlags

    func run() async throws {
        let users = try await register.open().accounts.users()
        struct Row: Encodable {
            var name: String
            var role: String
            var createdAt: String
            var disabledAt: String?
            var lockedUntil: String?
        }
        let rows = users.map {
            Row(name: $0.name, role: $0.role.rawValue, createdAt: $0.createdAt, disabledAt: $0.disabledAt, lockedUntil: $0.lockedUntil)
        }
        if output.json {
            print(try Terminal.json(rows))
        } else {
            print(
                Terminal.table(
                    ["NAME", "ROLE", "CREATED", "STATE"],
                    rows.map {
                        [
                            $0.name, $0.role, $0.createdAt,
                            $0.disabledAt.map { "disabled \($0)" } ?? $0.lockedUntil.map { "locked until \($0)" } ?? "active",
                        ]
                    }
                )
            )
        }
    }
}

struct UserDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Stop a user signing in and end their sessions.")

    @OptionGroup var register: RegisterFlags
    @Argument(help: "User name.") var name: String

    func run() async throws {
        try await register.open().accounts.setDisabled(name: name, disabled: true, by: AuditService.commandLineActor())
        print("Disabled \(name); their sessions have ended.")
    }
}

struct UserEnableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Let a disabled user sign in again.")

    @OptionGroup var register: RegisterFlags
    @Argument(help: "User name.") var name: String

    func run() async throws {
        try await register.open().accounts.setDisabled(name: name, disabled: false, by: AuditService.commandLineActor())
        print("Enabled \(name).")
    }
}

struct UserResetPasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset-password",
        abstract: "Set a new password; clears a lockout and ends the user's sessions."
    )

    @OptionGroup var register: RegisterFlags
    @Argument(help: "User name.") var name: String

    @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input instead of the terminal.")
    var passwordStdin = false

    func run() async throws {
        let opened = try register.open()
        let password = try PasswordInput.read(prompt: "New password for \(name): ", fromStandardInput: passwordStdin)
        try await opened.accounts.resetPassword(name: name, password: password, by: AuditService.commandLineActor())
        print("Password reset for \(name); their sessions have ended.")
    }
}

struct UserRoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "role", abstract: "Change a user's role; ends their sessions.")

    @OptionGroup var register: RegisterFlags
    @Argument(help: "User name.") var name: String
    @Argument(help: "officer, manager, analyst or admin.") var role: String

    func run() async throws {
        let parsed = try Role.parse(role, field: "ROLE")
        try await register.open().accounts.setRole(name: name, role: parsed, by: AuditService.commandLineActor())
        print("\(name) is now \(parsed.rawValue).")
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "API tokens for machine clients: create (shown once), list, revoke.",
        discussion: """
            A token acts with one role. It is printed once on standard output and stored only as a SHA-256 \
            digest; send it as `Authorization: Bearer TOKEN`. Tokens expire (auth.tokenDays, default 90 days) \
            and can be revoked at any time. Every use is recorded in the audit log as token:NAME.

            Example: ehe token create --name dashboard --role analyst
            """,
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self]
    )
}

struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a token and print it once.")

    @OptionGroup var register: RegisterFlags
    @Option(help: "What the token is for (shown in the audit log as token:NAME).") var name: String
    @Option(help: "officer, manager, analyst or admin.") var role: String
    @Option(help: "Days until it expires (1–730; default auth.tokenDays).") var days: Int?

    func run() async throws {
        let parsed = try Role.parse(role, field: "--role")
        let (token, record) = try await register.open().accounts.createToken(
            name: name,
            role: parsed,
            days: days,
            by: AuditService.commandLineActor()
        )
        print(token)
        Terminal.error("Token \(record.id) '\(record.name)' (\(record.role.rawValue)) expires \(record.expiresAt). It is shown only now.")
    }
}

struct TokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (never the tokens themselves).")

    @OptionGroup var register: RegisterFlags

    func run() async throws {
        let tokens = try await register.open().accounts.tokens()
        print(
            Terminal.table(
                ["ID", "NAME", "ROLE", "CREATED", "BY", "EXPIRES", "STATE"],
                tokens.map {
                    [
                        String($0.id), $0.name, $0.role.rawValue, $0.createdAt, $0.createdBy, $0.expiresAt,
                        $0.revokedAt.map { "revoked \($0)" } ?? "live",
                    ]
                }
            )
        )
    }
}

struct TokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token at once.")

    @OptionGroup var register: RegisterFlags
    @Argument(help: "The token's id (from `ehe token list`).") var id: Int64

    func run() async throws {
        try await register.open().accounts.revokeToken(id: id, by: AuditService.commandLineActor())
        print("Token \(id) revoked.")
    }
}
