import ArgumentParser
import EHEApp
import EHECore

struct KeysRetireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire",
        abstract: "Retire a key nothing uses any more: its secret is removed from the keyring."
    )

    @OptionGroup var register: RegisterFlags

    @Argument(help: "The key id, from `ehe keys status`.")
    var id: String

    func run() async throws {
        let opened = try register.open()
        try opened.keys.retire(id)
        try await opened.recordOperation("keys.retire", detail: "key=\(id)")
        print("Retired \(id).")
    }
}
