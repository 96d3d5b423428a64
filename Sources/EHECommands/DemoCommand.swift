import ArgumentParser
import EHEApp
import EHECore
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Synthetic registers for training, demonstrations and benchmarks.",
        subcommands: [DemoSeedCommand.self]
    )
}
