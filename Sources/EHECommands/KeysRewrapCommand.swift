import ArgumentParser
import EHEApp
import EHECore

struct KeysRewrapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewrap",
        abstract: "Re-wrap every child's data key under the primary key-encryption key (resumable)."
    )

    @OptionGroup var register: RegisterFlags

    @Option(name: .customLong("batch-size"), help: "Data keys per transaction.")
    var batchSize = 10_000

    func validate() throws {
        guard batchSize >= 1, batchSize <= 1_000_000 else { throw ValidationError("--batch-size: must be 1 to 1,000,000") }
    }

    func run() async throws {
        var progress: Terminal.Progress?
        let done = try register.open().keys.rewrap(batchSize: batchSize) { done, total in
            if progress == nil { progress = Terminal.Progress(total: total, label: "Re-wrapping") }
            progress?.update(done)
        }
        print("Re-wrapped \(done) data keys.")
    }
}
