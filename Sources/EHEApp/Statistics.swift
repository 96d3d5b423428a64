public import EHECore
public import EHEReports
internal import EHESQLite
public import Foundation

/// The register opened for statistics only: clear data, no keyring (DESIGN.md §4: aggregates need no key).
/// A service that has the register open takes it from `Register.statistics`, over the same connections.
public struct StatisticsSource: Sendable {
    public let settings: Settings
    public let home: RegisterHome
    /// Where "today" comes from (read afresh: the service keeps one source open past midnight).
    public let clock: Today
    public var today: LocalDate { clock.date }
    /// Exports are audited without the keyring: events wait in the inbox until a keyed process chains them.
    public let audit: AuditService
    /// Accounts, for checking the role of someone asking for exact (unpublishable) figures.
    public let accounts: AccountService
    let store: SQLiteCaseStore

    /// Opens the database without reading any keyring. Every read of sealed data would fail; nothing here
    /// does one.
    public static func open(
        options: RegisterOptions,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(RegisterError) -> StatisticsSource {
        let paths = try Register.paths(options: options, environment: environment, currentDirectory: currentDirectory)
        let storage = try SQLiteStorage.openWithoutKeys(
            paths.storageLocation,
            dueRules: DueRules(policy: paths.settings.duePolicy, calendar: WorkingDayCalendar(bankHolidays: []))
        )
        let audit = AuditService(log: storage.auditLog, signer: nil)
        return StatisticsSource(
            settings: paths.settings,
            home: paths.home,
            clock: try Register.clock(paths.settings),
            audit: audit,
            accounts: AccountService(
                store: storage.accounts,
                audit: audit,
                policy: AccountService.Policy(settings: paths.settings.auth)
            ),
            store: storage.keylessCases
        )
    }

    /// The census date of an academic year ("2025/26") and term, from `Config/census-dates.json`.
    public func censusDate(year: String, term: String) throws(RegisterError) -> LocalDate {
        let path = home.configDirectory + "/" + (settings.censusDateFile ?? "census-dates.json")
        struct File: Decodable { var years: [String: [String: String]] }
        guard let data = FileManager.default.contents(atPath: path), let file = try? JSONDecoder().decode(File.self, from: data) else {
            throw .configuration("cannot read census dates from \(path)")
        }
        guard let text = file.years[year]?[term] else {
            // A gap in the LA's settings, not an outage: the caller asked for a census the register has no
            // date for. Say what is missing and where it goes (the file's name, not the server's path).
            let name = (path as NSString).lastPathComponent
            throw .invalid([
                ValidationProblem(
                    field: "year",
                    rule: "census_date",
                    message: "no \(term) census date is configured for \(year); add it to \(name)"
                )
            ])
        }
        guard let date = LocalDate(iso: text) else { throw .configuration("\(path): \(year) \(term) is not a date written YYYY-MM-DD") }
        return date
    }

    /// How many database readers count at once (default: one per processor, at most 4).
    public var readers = min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 4)

    /// Feeds every case's clear data to an aggregate, in one pass: the register is split into `readers`
    /// ranges of case numbers, each counted by its own reader into its own aggregate, then merged.
    func aggregate<Aggregate: ClearCaseAggregate>(_ initial: Aggregate) async throws -> Aggregate {
        guard let numbers = try await store.caseNumberRange() else { return initial }
        let parts = Int64(max(1, readers))
        let width = (numbers.upperBound - numbers.lowerBound) / parts + 1
        let ranges = stride(from: numbers.lowerBound, through: numbers.upperBound, by: Int(width)).map {
            $0...min($0 + width - 1, numbers.upperBound)
        }
        let store = store
        return try await withThrowingTaskGroup(of: Aggregate.self) { group in
            for range in ranges {
                group.addTask {
                    // One task feeds this part's aggregate; the lock is uncontended.
                    let part = Locked(initial)
                    try await store.forEachClearCase(ids: range) { clear in part.update { $0.add(clear) } }
                    return part.value
                }
            }
            var total = initial
            for try await part in group { total.merge(part) }
            return total
        }
    }

    /// Counts live EHE children on a date from every case's clear data.
    public func census(on date: LocalDate) async throws -> CensusCount {
        try await aggregate(CensusCount(date: date))
    }
}

extension StatisticsSource {
    /// Counts the academic-year measures for the year starting in `year`.
    public func academicYear(_ year: Int) async throws -> AcademicYearCount {
        try await aggregate(AcademicYearCount(year: year))
    }

    /// Place-planning figures as of a date (`Config/school-planning-areas.csv` maps return schools to areas).
    public func placePlanning(asOf: LocalDate, horizonMonths: Int) async throws -> PlacePlanning {
        let schools = try LookupFile.read(path: home.configDirectory + "/school-planning-areas.csv", header: "urn")
        return try await aggregate(PlacePlanning(asOf: asOf, horizonMonths: horizonMonths, schoolAreas: schools))
    }

    /// The dashboard as of a date, with flows from `periodStart`.
    public func dashboard(asOf: LocalDate, periodStart: LocalDate) async throws -> Dashboard {
        try await aggregate(Dashboard(asOf: asOf, periodStart: periodStart, policy: settings.policy ?? ReviewPolicy()))
    }

    /// National and regional rates from `Config/dfe-benchmark-rates.csv` (`geography,time_period,rate_per_100`).
    public func benchmarkRates() throws(RegisterError) -> [BenchmarkRate] {
        let path = home.configDirectory + "/dfe-benchmark-rates.csv"
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var rates: [BenchmarkRate] = []
        for (index, line) in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") || text.hasPrefix("geography,") { continue }
            let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 3, Double(fields[2]) != nil else {
                throw .configuration("\(path) line \(index + 1): expected geography,time_period,rate_per_100")
            }
            rates.append(BenchmarkRate(geography: fields[0], period: fields[1], ratePer100: fields[2]))
        }
        return rates
    }

    /// Children aged 5 to 16 in the LA in an academic year: `Config/population-5-to-16.csv`, else the single
    /// `localAuthority.population5to16`.
    public func population5to16(academicYear first: Int) throws(RegisterError) -> Int? {
        let path = home.configDirectory + "/population-5-to-16.csv"
        if let text = try LookupFile.read(path: path, header: "academic_year")[SchoolCalendar.academicYearLabel(first)] {
            guard let population = Int(text), population > 0 else {
                throw .configuration(
                    "\(path): the population for \(SchoolCalendar.academicYearLabel(first)) must be a whole number above 0"
                )
            }
            return population
        }
        return settings.localAuthority?.population5to16
    }

    /// Beside each published benchmark, this LA's rate for the same term: its count on that term's census
    /// date, protected in the export's mode, over that year's population (issue 16 item 11: like with like,
    /// never the as-of date against an autumn census). A term with no census date gives `x`.
    public func likeForLike(_ benchmarks: [BenchmarkRate], mode: DisclosureMode) async throws -> [BenchmarkRate] {
        var rows: [BenchmarkRate] = []
        var done = Set<String>()
        for benchmark in benchmarks {
            if let (term, first) = benchmark.censusTerm, done.insert(benchmark.period).inserted {
                let year = SchoolCalendar.academicYearLabel(first)
                var rate = PublishedValue.unavailable.description
                if let date = try? censusDate(year: year, term: term), let population = try population5to16(academicYear: first) {
                    let total = try await census(on: date).total
                    let published = DisclosureControl.apply(DisclosureTable(counts: ["Total": total], relations: []), mode: mode)
                    rate = BenchmarkRate.rate(published["Total"] ?? .unavailable, population: population)
                }
                rows.append(BenchmarkRate(geography: "This LA", period: benchmark.period, ratePer100: rate))
            }
            rows.append(benchmark)
        }
        return rows
    }

    /// The LA's geography for DfE files, from settings.
    public func authority() throws(RegisterError) -> EHECensusFile.Authority {
        guard let la = settings.localAuthority else { throw .configuration("localAuthority is not set in Config/settings.json") }
        return EHECensusFile.Authority(
            oldCode: la.oldCode,
            newCode: la.newCode,
            name: la.name,
            regionCode: la.regionCode ?? "x",
            regionName: la.regionName ?? "x",
            population5to16: la.population5to16
        )
    }
}

extension Register {
    /// The keyless statistics view of this register, over its open connections (no second pool, no second
    /// audit service): every count is made from clear data, never with the keyring.
    public var statistics: StatisticsSource {
        StatisticsSource(settings: settings, home: home, clock: clock, audit: audit, accounts: accounts, store: storage.keylessCases)
    }
}
