import ArgumentParser
import EHEApp

struct KeysRewrapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewrap",
        abstract: "Re-wrap every child's data key under the primary key-encryption key (resumable)."
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var batches: BatchFlags

    func run() async throws {
        let opened = try register.open()
        let keys = opened.keys
        let done = try batches.run(label: "Re-wrapping") { try keys.rewrap(batchSize: $0, progress: $1) }
        try await opened.recordOperation("keys.rewrap", detail: "rewrapped=\(done)")
        print("Re-wrapped \(done) data keys.")
    }
}
