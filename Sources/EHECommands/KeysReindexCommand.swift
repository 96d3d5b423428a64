import ArgumentParser
import EHEApp

struct KeysReindexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Re-compute every child's search indexes under the primary index key (resumable)."
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var batches: BatchFlags

    func run() async throws {
        let opened = try register.open()
        let keys = opened.keys
        let done = try batches.run(label: "Re-indexing") { try keys.reindex(batchSize: $0, progress: $1) }
        try await opened.recordOperation("keys.reindex", detail: "reindexed=\(done)")
        print("Re-indexed \(done) children.")
    }
}
