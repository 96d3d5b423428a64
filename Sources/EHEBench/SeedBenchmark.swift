import EHEApp
import EHECore
import Foundation

/// `ehe-bench seed`: the register's seeding path against the raw SQLite baseline, runs alternating.
func seedBenchmark(_ options: Options) async throws {
    let home = try RegisterHome.locate(
        environment: ProcessInfo.processInfo.environment,
        currentDirectory: FileManager.default.currentDirectoryPath
    )
    let schema = try FileManager.default.contentsOfDirectory(atPath: home.migrationsDirectory).filter { $0.hasSuffix(".sql") }.sorted()
        .map { try String(contentsOfFile: home.migrationsDirectory + "/" + $0, encoding: .utf8) }
    let today = LocalDate(2026, 11, 30)
    let lookup = try PlanningAreaLookup.load(path: home.configDirectory + "/planning-areas.csv")
    var demo = DemoRegister(seed: 1, today: today, postcodePrefixes: lookup.prefixes)
    let records: [CaseRecord] = (0..<options.children).map { _ in
        var record = demo.next()
        record.planningArea = record.child.address.flatMap { lookup.planningArea(forPostcode: $0.postcode) }
        return record
    }
    let rules = DueRules(
        policy: DuePolicy(),
        calendar: try BankHolidays.load(path: home.configDirectory + "/bank-holidays.json")
    )
    let rowsPerCase =
        Double(
            records.reduce(0) {
                $0 + 2 + $1.episodes.count + $1.contacts.count + ($1.ehcp?.reviews.count ?? 0) + $1.socialCare.count
                    + Set(IndexTerm.terms(for: $1.child)).count + rules.items(for: CaseReference(number: 1), $1).count
            }
        )
        / Double(records.count)
    print(
        "ehe-bench seed: \(options.children) synthetic children, \(String(format: "%.2f", rowsPerCase)) rows per child, \(options.runs) runs"
    )

    let derived = RawBaseline.Derived(records: records, rules: rules)
    let clock = ContinuousClock()
    var baseline: [Double] = []
    var register: [Double] = []
    for run in 1...options.runs {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ehe-bench-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let baselineStart = clock.now
        _ = try RawBaseline.run(records: records, derived: derived, path: folder + "/raw.sqlite", schema: schema)
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
}
