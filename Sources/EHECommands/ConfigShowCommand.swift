import ArgumentParser
import EHEApp
import Foundation

struct ConfigShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print every setting's effective value and where it came from; secrets are redacted.",
        discussion: """
            Values come from command-line flags, then EHE_* environment variables, then Config/settings.json; \
            a key set nowhere takes the default shown. Secrets (the keyring given in EHE_KEYRING) are shown as \
            <redacted>, never their value. Nothing is opened: no keyring is needed.
            """
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var output: OutputFlags

    func run() async throws {
        let effective = try Register.paths(options: register.options).configuration.effective
        if output.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(effective), as: UTF8.self))
            return
        }
        let width = effective.map(\.key.count).max() ?? 0
        for setting in effective {
            let value = setting.value ?? (setting.defaultValue == "(not set)" ? "(not set)" : "(default: \(setting.defaultValue))")
            print(setting.key.padding(toLength: width + 2, withPad: " ", startingAt: 0) + value + "  [\(setting.source)]")
        }
    }
}
