import ArgumentParser
import EHEApp
import EHECore

struct KeysReindexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Re-compute every child's search indexes under the primary index key (resumable)."
    )

    @OptionGroup var register: RegisterFlags

    @Option(name: .customLong("batch-size"), help: "Children per transaction.")
    var batchSize = 2_000

    func validate() throws {
        guard batchSize >= 1, batchSize <= 1_000_000 else { throw ValidationError("--batch-size: must be 1 to 1,000,000") }
    }

    func run() async throws {
        var progress: Terminal.Progress?
        let done = try register.open().keys.reindex(batchSize: batchSize) { done, total in
            if progress == nil { progress = Terminal.Progress(total: total, label: "Re-indexing") }
            progress?.update(done)
        }
        print("Re-indexed \(done) children.")
    }
}
