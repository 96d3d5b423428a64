import ArgumentParser
import EHEApp
import EHECore
import Foundation

struct DemoSeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Add N made-up children with a realistic shape (DOMAIN.md §13.6) to the register.",
        discussion: """
            Never run this on a register holding real children. The same --seed gives the same children. \
            Cases are stored in batches, each batch whole or not at all, so an interrupted run leaves only \
            complete cases. Creates the register (and a development keyring) on first run.

            Example: ehe demo seed --children 1000 --seed 42
            """
    )

    @OptionGroup var register: RegisterFlags

    @Option(help: "How many children to add.")
    var children: Int

    @Option(help: "Seed for the random choices.")
    var seed: UInt64 = 1

    @Option(name: .customLong("batch-size"), help: "Children per transaction.")
    var batchSize = 1_000

    func validate() throws {
        guard children >= 1, children <= 10_000_000 else { throw ValidationError("--children: must be 1 to 10,000,000") }
        guard batchSize >= 1, batchSize <= 100_000 else { throw ValidationError("--batch-size: must be 1 to 100,000") }
    }

    func run() async throws {
        let opened = try register.open(initialise: true)
        var progress = Terminal.Progress(total: children, label: "Seeding")
        let clock = ContinuousClock()
        let start = clock.now
        let added = try await opened.cases.seedDemo(count: children, seed: seed, batchSize: batchSize) {
            progress.update($0)
        }
        let seconds = Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
        print("Added \(added) synthetic children in \(String(format: "%.2f", seconds)) s")
    }
}
