// ehe-bench: release-build benchmarks of the register against raw SQLite doing the same work.
//
//   swift run -c release ehe-bench seed [--children 100000] [--runs 5]
//
// Each run writes a fresh database in a temporary folder. Runs alternate baseline / register so that
// machine noise hits both; the report gives each run, the medians and the ratio.
import EHEApp
import EHECore
import Foundation

struct Options {
    var children = 100_000
    var runs = 5
    var batchSize = 1_000

    init(_ arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        guard iterator.next() == "seed" else { throw Usage() }
        while let flag = iterator.next() {
            guard let value = iterator.next().flatMap(Int.init), value > 0 else { throw Usage() }
            switch flag {
            case "--children": children = value
            case "--runs": runs = value
            case "--batch-size": batchSize = value
            default: throw Usage()
            }
        }
    }

    struct Usage: Error {}
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

let options: Options
do {
    options = try Options(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("usage: ehe-bench seed [--children N] [--runs R] [--batch-size B]\n".utf8))
    exit(64)
}

let home = try RegisterHome.locate(
    environment: ProcessInfo.processInfo.environment,
    currentDirectory: FileManager.default.currentDirectoryPath
)
let schema = try String(contentsOfFile: home.migrationsDirectory + "/0001_register_core.sql", encoding: .utf8)
let today = LocalDate(2026, 11, 30)
let lookup = try PlanningAreaLookup.load(path: home.configDirectory + "/planning-areas.csv")
var demo = DemoRegister(seed: 1, today: today, postcodePrefixes: lookup.prefixes)
let records: [CaseRecord] = (0..<options.children).map { _ in
    var record = demo.next()
    record.planningArea = record.child.address.flatMap { lookup.planningArea(forPostcode: $0.postcode) }
    return record
}
let rowsPerCase =
    Double(records.reduce(0) { $0 + 2 + $1.episodes.count + $1.contacts.count + ($1.ehcp?.reviews.count ?? 0) + $1.socialCare.count })
    / Double(records.count)
print("ehe-bench seed: \(options.children) synthetic children, \(String(format: "%.2f", rowsPerCase)) rows per child, \(options.runs) runs")

let clock = ContinuousClock()
var baseline: [Double] = []
var register: [Double] = []
for run in 1...options.runs {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ehe-bench-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }

    let baselineStart = clock.now
    _ = try RawBaseline.run(records: records, path: folder + "/raw.sqlite", schema: schema)
    baseline.append(seconds(clock.now - baselineStart))

    let opened = try Register.open(
        options: RegisterOptions(dataDirectory: folder + "/register"),
        initialise: true,
        environment: ["EHE_HOME": home.root]
    )
    let registerStart = clock.now
    var index = 0
    while index < records.count {
        let end = min(index + options.batchSize, records.count)
        _ = try await opened.store.add(Array(records[index..<end]))
        index = end
    }
    register.append(seconds(clock.now - registerStart))
    print(
        String(
            format: "run %d: raw SQLite %.3f s (%.0f children/s) | register %.3f s (%.0f children/s)",
            run,
            baseline.last!,
            Double(records.count) / baseline.last!,
            register.last!,
            Double(records.count) / register.last!
        )
    )
}
let baselineRate = Double(records.count) / median(baseline)
let registerRate = Double(records.count) / median(register)
print(
    String(
        format: "median: raw SQLite %.0f children/s, register (sealing included, batches of %d) %.0f children/s, ratio %.2f",
        baselineRate,
        options.batchSize,
        registerRate,
        registerRate / baselineRate
    )
)
print(String(format: "peak resident memory of the benchmark process: %.0f MB", peakResidentMegabytes()))
