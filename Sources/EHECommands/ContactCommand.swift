import ArgumentParser
import EHEApp
import EHECore
import Foundation

struct ContactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact",
        abstract: "Record contacts with families.",
        subcommands: [ContactAddCommand.self]
    )
}
