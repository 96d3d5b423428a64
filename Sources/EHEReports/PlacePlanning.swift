public import EHECore
import Foundation

/// EHE figures for school place planning (DOMAIN.md §10), by planning area and year group, from clear data:
/// live EHE now, its EHCP subset, planned returns within a horizon (by the target school's planning area and
/// the year group at the return date), starts and returns over the last 12 months, and the historic return
/// rate by year group.
public struct PlacePlanning: ClearCaseAggregate {
    public enum Measure: String, Sendable, CaseIterable {
        case liveEHE = "ehe_stock"
        case liveEHCP = "ehe_stock_ehcp"
        case intendedReturns = "ehe_return_intent"
        case startsLast12Months = "ehe_starts_last_12m"
        case returnsLast12Months = "ehe_returns_last_12m"
    }

    public let asOf: LocalDate
    public let horizonMonths: Int
    /// School URN → planning area, for the target schools of return plans.
    public let schoolAreas: [String: String]
    /// measure → planning area → year group → count.
    public private(set) var counts: [Measure: [String: [Int: Int]]] = [:]
    /// Live EHE by year group at each of the 12 month-ends before `asOf` (for the return rate).
    public private(set) var stockSamples: [Int: Int] = [:]

    public static let unknownArea = "Unknown"
    public static let yearGroups = Array(0...11)

    public init(asOf: LocalDate, horizonMonths: Int, schoolAreas: [String: String]) {
        self.asOf = asOf
        self.horizonMonths = horizonMonths
        self.schoolAreas = schoolAreas
    }

    public mutating func merge(_ other: PlacePlanning) {
        for (measure, areas) in other.counts {
            for (area, years) in areas { counts[measure, default: [:]][area, default: [:]].add(years) }
        }
        stockSamples.add(other.stockSamples)
    }

    var sampleDates: [LocalDate] { (0..<12).map { asOf.adding(months: -$0) } }
    var windowStart: LocalDate { asOf.adding(months: -12) }

    mutating func count(_ measure: Measure, _ area: String?, _ year: Int) {
        guard Self.yearGroups.contains(year) else { return }
        counts[measure, default: [:]][area ?? Self.unknownArea, default: [:]][year, default: 0] += 1
    }

    public mutating func add(_ clear: ClearCase) {
        guard clear.livesInLA else { return }
        let area = clear.planningArea
        if clear.isLiveEHE(on: asOf) {
            count(.liveEHE, area, clear.yearGroup(on: asOf))
            if clear.senProvision == .ehcp { count(.liveEHCP, area, clear.yearGroup(on: asOf)) }
            let active: Set<ReturnPlanStatus> = [.intended, .applied, .placeOffered, .placeAccepted]
            let horizon = asOf.adding(months: horizonMonths)
            if let plan = clear.returnPlans.filter({ active.contains($0.status) && $0.targetDate > asOf && $0.targetDate <= horizon })
                .min(by: { $0.targetDate < $1.targetDate })
            {
                count(.intendedReturns, plan.targetSchoolURN.flatMap { schoolAreas[$0] } ?? area, clear.yearGroup(on: plan.targetDate))
            }
        }
        for date in sampleDates where clear.isLiveEHE(on: date) {
            stockSamples[clear.yearGroup(on: date), default: 0] += 1
        }
        let csa = clear.compulsorySchoolAgeStart...clear.compulsorySchoolAgeEnd
        for episode in clear.episodes {
            if episode.start > windowStart, episode.start <= asOf, csa.contains(episode.start) {
                count(.startsLast12Months, area, clear.yearGroup(on: episode.start))
            }
            if let end = episode.end, end > windowStart, end <= asOf, csa.contains(end), episode.endReason == .returnedToSchool {
                count(.returnsLast12Months, area, clear.yearGroup(on: end))
            }
        }
    }

    /// Every planning area seen in any measure, sorted, `Unknown` last.
    public var areas: [String] {
        let all = Set(counts.values.flatMap(\.keys))
        return all.filter { $0 != Self.unknownArea }.sorted() + (all.contains(Self.unknownArea) ? [Self.unknownArea] : [])
    }

    static let allAreas = "All planning areas"
    static let phases: [(String, ClosedRange<Int>)] = [("Primary (Reception to Year 6)", 0...6), ("Secondary (Years 7 to 11)", 7...11)]

    /// One measure as a disclosure table: area × year group cells, phase and area totals, year-group and
    /// phase totals over all areas, and the grand total, with every additive relation between them.
    public func table(_ measure: Measure) -> DisclosureTable {
        let data = counts[measure] ?? [:]
        var cells: [String: Int] = [:]
        var relations: [DisclosureTable.Relation] = []
        func key(_ area: String, _ column: String) -> String { area + "|" + column }
        let columns = Self.yearGroups.map(SchoolCalendar.yearGroupLabel)
        for area in areas + [Self.allAreas] {
            for year in Self.yearGroups {
                cells[key(area, SchoolCalendar.yearGroupLabel(year))] =
                    area == Self.allAreas ? areas.reduce(0) { $0 + (data[$1]?[year] ?? 0) } : (data[area]?[year] ?? 0)
            }
            for (phase, range) in Self.phases {
                cells[key(area, phase)] = range.reduce(0) { $0 + (cells[key(area, SchoolCalendar.yearGroupLabel($1))] ?? 0) }
                relations.append(.init(total: key(area, phase), parts: range.map { key(area, SchoolCalendar.yearGroupLabel($0)) }))
            }
            cells[key(area, "Total")] = Self.phases.reduce(0) { $0 + (cells[key(area, $1.0)] ?? 0) }
            relations.append(.init(total: key(area, "Total"), parts: Self.phases.map { key(area, $0.0) }))
            relations.append(.init(total: key(area, "Total"), parts: columns.map { key(area, $0) }))
        }
        for column in columns + Self.phases.map(\.0) + ["Total"] {
            relations.append(.init(total: key(Self.allAreas, column), parts: areas.map { key($0, column) }))
        }
        return DisclosureTable(counts: cells, relations: relations)
    }

    /// The tidy CSV: measure, planning area, year group (or phase / Total), value; then the historic return
    /// rate by year group (returns in the last 12 months per 100 children in the average monthly stock).
    public func csv(mode: DisclosureMode) -> String {
        var rows = [["time_period_end", "measure", "planning_area", "year_group", "value"]]
        var published: [Measure: [String: PublishedValue]] = [:]
        for measure in Measure.allCases {
            let table = table(measure)
            let values = DisclosureControl.apply(table, mode: mode)
            published[measure] = values
            for area in areas + [Self.allAreas] {
                for column in Self.yearGroups.map(SchoolCalendar.yearGroupLabel) + Self.phases.map(\.0) + ["Total"] {
                    rows.append([asOf.iso, measure.rawValue, area, column, (values[area + "|" + column] ?? .unavailable).description])
                }
            }
        }
        for year in Self.yearGroups {
            let label = SchoolCalendar.yearGroupLabel(year)
            let averageStock = Double(stockSamples[year] ?? 0) / 12
            let publishedReturns = published[.returnsLast12Months]?[Self.allAreas + "|" + label] ?? .unavailable
            let value: String
            if let protected = publishedReturns.number {
                // From the published (protected) count, never the exact one: a rate from exact returns beside a
                // rounded count would give the count away (issue 16 item 1).
                value =
                    averageStock == 0
                    ? PublishedValue.notApplicable.description : String(format: "%.1f", Double(protected) * 100 / averageStock)
            } else {
                // Marked as the count is: `low` in a rounding file, `c` where suppressed (issue 16 item 4).
                value = publishedReturns.description
            }
            rows.append([asOf.iso, "ehe_return_rate_per_100", Self.allAreas, label, value])
        }
        return CSV.encode(rows)
    }
}
