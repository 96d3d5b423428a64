// ehe-bench: release-build benchmarks of the register against raw SQLite doing the same work.
//
//   ehe-bench seed [--children 100000] [--runs 5]      seeding, sealing included, vs raw inserts
//   ehe-bench search --data-dir D [--queries 2000]     search latency, duplicate scan, rewrap throughput
//                                                      on a register made by `ehe demo seed`
//   ehe-bench load --data-dir D [--queries 2000]       opening one case vs raw SQLite running its queries
//
// Seed runs write fresh databases in a temporary folder and alternate baseline / register so that
// machine noise hits both; reports give each measurement, medians (or percentiles) and ratios.
import EHEApp
import EHECore
import Foundation

struct Options {
    enum Command: String {
        case seed, search, micro, load
    }

    var command: Command
    var children = 100_000
    var runs = 5
    var batchSize = 1_000
    var queries = 2_000
    var dataDirectory: String?

    init(_ arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        guard let command = iterator.next().flatMap(Command.init(rawValue:)) else { throw Usage() }
        self.command = command
        while let flag = iterator.next() {
            guard let text = iterator.next() else { throw Usage() }
            if flag == "--data-dir" {
                dataDirectory = text
                continue
            }
            guard let value = Int(text), value > 0 else { throw Usage() }
            switch flag {
            case "--children": children = value
            case "--runs": runs = value
            case "--batch-size": batchSize = value
            case "--queries": queries = value
            default: throw Usage()
            }
        }
        if (command == .search || command == .load) && dataDirectory == nil { throw Usage() }
    }

    struct Usage: Error {}
}

let options: Options
do {
    options = try Options(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(
        Data(
            """
            usage: ehe-bench seed [--children N] [--runs R] [--batch-size B]
                   ehe-bench search --data-dir D [--queries Q]
                   ehe-bench load --data-dir D [--queries Q] [--runs R]

            """.utf8
        )
    )
    exit(64)
}

switch options.command {
case .seed: try await seedBenchmark(options)
case .search: try await searchBenchmark(options)
case .micro: try microBenchmark(options)
case .load: try await loadBenchmark(options)
}
