import EHEApp
import EHECore
import EHETestSupport
import Foundation
import Testing

@Suite("Configuration: flags over EHE_* variables over settings.json, secrets redacted")
struct ConfigurationTests {
    let repository: RegisterHome

    init() throws {
        repository = try RegisterHome.locate(environment: ["EHE_HOME": CLI.repositoryRoot], currentDirectory: "/")
    }

    /// A register home with its own settings.json (and an empty migrations folder).
    func home(settings: String) throws -> RegisterHome {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ehe-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/Config", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/Migrations/sqlite", withIntermediateDirectories: true)
        try Data(settings.utf8).write(to: URL(fileURLWithPath: root + "/Config/settings.json"))
        return try RegisterHome.locate(environment: ["EHE_HOME": root], currentDirectory: "/")
    }

    func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "(no error)"
        } catch {
            return "\(error)"
        }
    }

    @Test("each layer wins over the one below, and says where the value came from")
    func precedence() throws {
        let file = try RegisterConfiguration.load(home: repository, environment: [:])
        #expect(file.settings.server?.port == 8080)
        #expect(file.source(of: "server.port") == .file("Config/settings.json"))
        #expect(file.source(of: "today") == .unset)

        let environment = try RegisterConfiguration.load(home: repository, environment: ["EHE_PORT": "9000", "EHE_BCRYPT_COST": "4"])
        #expect(environment.settings.server?.port == 9000)
        #expect(environment.settings.server?.host == "127.0.0.1")
        #expect(environment.settings.auth?.bcryptCost == 4)
        #expect(environment.source(of: "server.port") == .environment("EHE_PORT"))

        let flags = try RegisterConfiguration.load(home: repository, environment: ["EHE_PORT": "9000"], flags: ["server.port": "9100"])
        #expect(flags.settings.server?.port == 9100)
        #expect(flags.source(of: "server.port") == .flag("--port"))
        let shown = flags.effective.first { $0.key == "server.port" }
        #expect(shown?.value == "9100" && shown?.source == "flag --port")
    }

    @Test("a value of the wrong type is refused, naming the key and where it came from")
    func wrongTypes() throws {
        #expect(
            message { _ = try RegisterConfiguration.load(home: repository, environment: ["EHE_PORT": "eighty"]) }.contains(
                "server.port (from environment EHE_PORT)"
            )
        )
        #expect(
            message { _ = try RegisterConfiguration.load(home: repository, environment: [:], flags: ["server.port": "x"]) }.contains(
                "--port"
            )
        )
        let typed = try home(settings: #"{"dataDirectory": "data", "server": {"port": "8080"}}"#)
        #expect(
            message { _ = try RegisterConfiguration.load(home: typed, environment: [:]) }.contains(
                "server.port (from Config/settings.json)"
            )
        )
    }

    @Test("settings.json may not hold a key the register does not know, nor a secret")
    func unknownAndSecretKeys() throws {
        let misspelt = try home(settings: #"{"dataDirectory": "data", "server": {"prot": 8080}}"#)
        #expect(message { _ = try RegisterConfiguration.load(home: misspelt, environment: [:]) }.contains("unknown setting 'server.prot'"))
        let secret = try home(settings: #"{"dataDirectory": "data", "keyring": "{}"}"#)
        #expect(message { _ = try RegisterConfiguration.load(home: secret, environment: [:]) }.contains("keyring is a secret"))
        let minimal = try home(settings: #"{"server": {"port": null}}"#)
        let loaded = try RegisterConfiguration.load(home: minimal, environment: [:])
        #expect(loaded.settings.dataDirectory == "data" && loaded.settings.server?.port == nil)
    }

    @Test("the keyring given as a secret is read, but shown nowhere")
    func secretRedacted() throws {
        let canary = #"{"canary": "KEYRING-CANARY-7f3a"}"#
        let configuration = try RegisterConfiguration.load(home: repository, environment: ["EHE_KEYRING": canary])
        #expect(configuration.keyring == canary)
        let shown = configuration.effective.first { $0.key == "keyring" }
        #expect(shown?.value == "<redacted>" && shown?.source == "environment EHE_KEYRING" && shown?.secret == true)
        let everything = String(decoding: try JSONEncoder().encode(configuration.effective), as: UTF8.self)
        #expect(!everything.contains("KEYRING-CANARY"))
        #expect(!"\(configuration)".contains("KEYRING-CANARY"))
    }

    @Test("docs/configuration.md lists exactly the keys the register reads (ehe config keys)")
    func documentedOnce() throws {
        let page = try String(contentsOfFile: CLI.repositoryRoot + "/docs/configuration.md", encoding: .utf8)
        let begin = try #require(page.range(of: "<!-- settings:begin -->\n"))
        let end = try #require(page.range(of: "\n<!-- settings:end -->"))
        #expect(
            String(page[begin.upperBound..<end.lowerBound]) == SettingKey.markdownTable,
            "regenerate the table with `ehe config keys`"
        )
    }
}
