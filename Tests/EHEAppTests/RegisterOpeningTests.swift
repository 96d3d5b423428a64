import EHEApp
import EHECore
import EHECrypto
import EHETestSupport
import Foundation
import Testing

/// A temporary data folder next to the repository's Config/ and Migrations/.
struct Workspace {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    let data: String
    var keyring: String { data + "/keyring.json" }
    var database: String { data + "/register.sqlite" }
    var environment: [String: String] { ["EHE_HOME": Self.root, "EHE_TODAY": "2026-11-30"] }

    init() {
        data = FileManager.default.temporaryDirectory.appendingPathComponent("ehe-app-\(UUID())").path
    }

    func open(
        initialise: Bool = false,
        environment extra: [String: String] = [:],
        warn: (String) -> Void = { _ in }
    )
        throws -> Register
    {
        try Register.open(
            options: RegisterOptions(dataDirectory: data),
            initialise: initialise,
            environment: environment.merging(extra) { $1 },
            currentDirectory: "/",
            warn: warn
        )
    }

    /// Every row in the register database, to show nothing was written.
    func snapshot() throws -> [String] {
        try DatabaseSnapshot.of(database)
    }

    func remove() { try? FileManager.default.removeItem(atPath: data) }
}

@Suite("Opening the register: keyring and data folder")
struct RegisterOpeningTests {
    @Test("the first run creates the data folder, a 0600 development keyring with a loud warning, and the schema")
    func firstRun() throws {
        let workspace = Workspace()
        defer { workspace.remove() }
        var warnings: [String] = []
        _ = try workspace.open(initialise: true) { warnings.append($0) }
        #expect(warnings.contains { $0.contains("DEVELOPMENT keyring") })
        let mode = try FileManager.default.attributesOfItem(atPath: workspace.keyring)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(FileManager.default.fileExists(atPath: workspace.database))
    }

    @Test("without a register, commands other than init say so and create nothing")
    func noRegister() {
        let workspace = Workspace()
        defer { workspace.remove() }
        #expect(throws: RegisterError.self) { try workspace.open() }
        #expect(!FileManager.default.fileExists(atPath: workspace.data))
    }

    @Test("a world-readable keyring is refused and nothing is written")
    func looseKeyring() throws {
        let workspace = Workspace()
        defer { workspace.remove() }
        _ = try workspace.open(initialise: true)
        let before = try workspace.snapshot()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: workspace.keyring)
        #expect {
            _ = try workspace.open(initialise: true)
        } throws: { error in
            guard case .keyring(let message) = error as? RegisterError else { return false }
            return message.contains("chmod 600")
        }
        #expect(try workspace.snapshot() == before)
    }

    @Test("another register's keyring is refused as the wrong keyring, and nothing is written")
    func wrongKeyring() throws {
        let workspace = Workspace()
        defer { workspace.remove() }
        _ = try workspace.open(initialise: true)
        let before = try workspace.snapshot()
        try FileManager.default.removeItem(atPath: workspace.keyring)
        try Keyring.generate(development: true).write(to: workspace.keyring)
        #expect {
            _ = try workspace.open(initialise: true)
        } throws: { error in
            guard case .keyring(let message) = error as? RegisterError else { return false }
            return message.contains("wrong keyring")
        }
        #expect(try workspace.snapshot() == before)
    }

    @Test("a keyring with the right key id but other key material is refused")
    func forgedKeyring() throws {
        let workspace = Workspace()
        defer { workspace.remove() }
        _ = try workspace.open(initialise: true)
        var forged = try Keyring.load(path: workspace.keyring)
        forged.keys[0].secret = Keyring.generate(development: true).keys[0].secret
        try FileManager.default.removeItem(atPath: workspace.keyring)
        try forged.write(to: workspace.keyring)
        #expect(throws: RegisterError.self) { try workspace.open() }
    }

    @Test("a missing keyring for an existing register is an error; no new keyring is made")
    func missingKeyring() throws {
        let workspace = Workspace()
        defer { workspace.remove() }
        _ = try workspace.open(initialise: true)
        let before = try workspace.snapshot()
        try FileManager.default.removeItem(atPath: workspace.keyring)
        #expect(throws: RegisterError.self) { try workspace.open(initialise: true) }
        #expect(!FileManager.default.fileExists(atPath: workspace.keyring))
        #expect(try workspace.snapshot() == before)
    }

    @Test("a malformed keyring is refused with the reason")
    func malformedKeyring() throws {
        let workspace = Workspace()
        defer { workspace.remove() }
        _ = try workspace.open(initialise: true)
        _ = FileManager.default.createFile(atPath: workspace.keyring, contents: Data("{}".utf8), attributes: [.posixPermissions: 0o600])
        #expect(throws: RegisterError.self) { try workspace.open() }
    }

    @Test("the keyring can come from EHE_KEYRING instead of a file")
    func keyringFromEnvironment() async throws {
        let workspace = Workspace()
        defer { workspace.remove() }
        let keyring = Keyring.generate(development: false)
        let json = String(decoding: try JSONEncoder().encode(keyring), as: UTF8.self)
        let register = try workspace.open(initialise: true, environment: ["EHE_KEYRING": json])
        let added = try await register.store.add([EHETestFixtures.simple()])[0]
        #expect(!FileManager.default.fileExists(atPath: workspace.keyring))
        let reopened = try workspace.open(environment: ["EHE_KEYRING": json])
        #expect(try await reopened.store.load(added.reference).version == 1)
    }
}
