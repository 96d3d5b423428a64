import ArgumentParser
import EHEApp

/// `--batch-size` for the resumable key jobs, and running one with a progress bar.
struct BatchFlags: ParsableArguments {
    @Option(name: .customLong("batch-size"), help: "Children per transaction.")
    var batchSize = 5_000

    func validate() throws {
        guard batchSize >= 1, batchSize <= 1_000_000 else { throw ValidationError("--batch-size: must be 1 to 1,000,000") }
    }

    /// Runs `job` (given the batch size and a progress callback) with a progress bar labelled `label`.
    func run(label: String, _ job: (Int, (Int, Int) -> Void) throws -> Int) throws -> Int {
        var progress: Terminal.Progress?
        return try job(batchSize) { done, total in
            if progress == nil { progress = Terminal.Progress(total: total, label: label) }
            progress?.update(done)
        }
    }
}
