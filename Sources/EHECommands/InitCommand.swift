import ArgumentParser
import EHEApp
import EHECore
import Foundation

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the register: data folder, database schema and (first run only) a development keyring.",
        discussion: """
            Safe to run again: an existing register is opened, its keyring checked and pending migrations applied. \
            The development keyring it creates is for trying the register out; for real children's data put a \
            keyring on a protected volume and set keyringFile (Config/settings.json) or EHE_KEYRING_FILE.
            """
    )

    @OptionGroup var register: RegisterFlags

    func run() async throws {
        let opened = try register.open(initialise: true, migrate: true)
        print("Register ready at \(opened.databasePath)")
    }
}
