public import EHECore
import Foundation

/// The education dashboard (DESIGN.md §6, issue #6): live EHE on a date by every dimension the scrutiny
/// committee asked about, flows over a period, monitoring, and a 24-month trend — from clear data only.
public struct Dashboard: ClearCaseAggregate {
    /// How a child's social-care involvement is shown: the most serious status in force on the date.
    public enum SocialCare: String, Sendable, CaseIterable {
        case childProtectionPlan = "Child protection plan"
        case childInNeed = "Child in need"
        case lookedAfter = "Looked after"
        case none = "None recorded"
    }

    public let asOf: LocalDate
    /// Flows are counted from `periodStart` to `asOf`, both included.
    public let periodStart: LocalDate
    /// The LA's review intervals: monitoring judges "in time" by the same clocks as the reminders.
    public let policy: ReviewPolicy
    public private(set) var areas: Set<String> = []

    /// Counts by cell name. Cells with a fixed name are counted in an array (a million children bump ~35
    /// cells each: hashing cell names per bump was most of the cost); planning areas, which come from the
    /// data, in a dictionary.
    public var cells: [String: Int] {
        var all: [String: Int] = [:]
        for (name, slot) in slots.names where tallies[slot] != 0 { all[name] = tallies[slot] }
        for (area, count) in areaTallies { all["live|Planning area|" + area] = count }
        return all
    }

    private var tallies: [Int]
    private var areaTallies: [String: Int] = [:]
    private let slots: Slots

    /// The slot of every fixed cell, worked out once per dashboard.
    struct Slots: Sendable {
        var names: [String: Int] = [:]
        var trend: [(LocalDate, Int)] = []
        var reason: [PrimaryReason: Int] = [:]
        var sex: [Sex: Int] = [:]
        var year: [Int: Int] = [:]
        var sen: [SENProvision: Int] = [:]
        var social: [SocialCare: Int] = [:]
        var school: [PreviousSchoolType: Int] = [:]
        var ending: [EndReason: Int] = [:]
        var enforcement: [EnforcementKind: Int] = [:]

        mutating func slot(_ name: String) -> Int {
            if let existing = names[name] { return existing }
            names[name] = names.count
            return names.count - 1
        }

        init(trendDates: [LocalDate]) {
            trend = trendDates.map { ($0, slot("trend|" + $0.iso)) }
            for reason in PrimaryReason.allCases { self.reason[reason] = slot("live|Reason|" + reason.label) }
            for sex in Sex.allCases { self.sex[sex] = slot("live|Sex|" + sex.label) }
            for year in -5...20 { self.year[year] = slot("live|Year group|" + SchoolCalendar.yearGroupLabel(year)) }
            for sen in SENProvision.allCases { self.sen[sen] = slot("live|SEN provision|" + sen.label) }
            for social in SocialCare.allCases { self.social[social] = slot("live|Social care|" + social.rawValue) }
            for school in PreviousSchoolType.allCases { self.school[school] = slot("live|Previous school|" + school.label) }
            for ending in EndReason.allCases { self.ending[ending] = slot("flows|Endings|" + ending.label) }
            for (kind, label) in [
                (EnforcementKind.s437Notice, "s.437 notices"), (.saoIssued, "SAOs issued"), (.saoRevoked, "SAOs revoked"),
            ] {
                enforcement[kind] = slot("flows|" + label)
            }
            for name in [
                "live|Total", "flows|Starts", "monitoring|Annual contact|In time", "monitoring|Annual contact|Overdue",
                "monitoring|EHCP review|In time", "monitoring|EHCP review|Overdue",
            ] {
                _ = slot(name)
            }
        }
    }

    public init(asOf: LocalDate, periodStart: LocalDate, policy: ReviewPolicy = ReviewPolicy()) {
        self.asOf = asOf
        self.periodStart = periodStart
        self.policy = policy
        self.slots = Slots(trendDates: Self.trendDates(asOf: asOf))
        self.tallies = Array(repeating: 0, count: slots.names.count)
    }

    /// Month-ends of the trend: the last day of each of the 24 months up to `asOf` (the last point is `asOf`).
    public var trendDates: [LocalDate] { Self.trendDates(asOf: asOf) }

    static func trendDates(asOf: LocalDate) -> [LocalDate] {
        (0..<24).reversed().map { back in
            back == 0 ? asOf : LocalDate(asOf.year, asOf.month, 1).adding(months: -back + 1).adding(days: -1)
        }
    }

    private mutating func bump(_ slot: Int?) {
        guard let slot else { return }
        tallies[slot] += 1
    }

    private mutating func bump(_ name: String) {
        bump(slots.names[name])
    }

    public mutating func merge(_ other: Dashboard) {
        for index in tallies.indices { tallies[index] += other.tallies[index] }
        for (area, count) in other.areaTallies { areaTallies[area, default: 0] += count }
        areas.formUnion(other.areas)
    }

    public mutating func add(_ clear: ClearCase) {
        guard clear.livesInLA else { return }
        for (date, slot) in slots.trend where clear.isLiveEHE(on: date) { tallies[slot] += 1 }
        addFlows(clear)
        guard clear.isLiveEHE(on: asOf), let episode = clear.episode(on: asOf) else { return }
        bump("live|Total")
        bump(slots.reason[episode.primaryReason])
        bump(slots.sex[clear.sex])
        let year = clear.yearGroup(on: asOf)
        if let slot = slots.year[year] { tallies[slot] += 1 }
        bump(slots.sen[clear.senProvision])
        bump(slots.social[socialCare(clear)])
        let area = clear.planningArea ?? "Unknown"
        if areaTallies[area] == nil { areas.insert(area) }
        areaTallies[area, default: 0] += 1
        bump(slots.school[episode.previousSchoolType ?? .otherOrUnknown])
        // Monitoring: the annual contact and the EHCP review judged by the LA's own intervals (issue 16 item
        // 10), the review from the later of the issue date (a re-issue) and the last meeting, as ReviewClock.
        let lastContact = clear.substantiveContactDates.filter { $0 >= episode.start }.max()
        let contactDue = (lastContact ?? episode.start).adding(months: policy.annualContactMonths)
        bump(contactDue >= asOf ? "monitoring|Annual contact|In time" : "monitoring|Annual contact|Overdue")
        if clear.senProvision == .ehcp, let issued = clear.ehcpIssueDate {
            let reviewDue = max(issued, clear.reviewMeetings.max() ?? issued).adding(months: policy.ehcpReviewMonths)
            bump(reviewDue >= asOf ? "monitoring|EHCP review|In time" : "monitoring|EHCP review|Overdue")
        }
    }

    func socialCare(_ clear: ClearCase) -> SocialCare {
        let active = Set(clear.socialCare.filter { $0.from <= asOf && ($0.to.map { asOf <= $0 } ?? true) }.map(\.flag))
        if active.contains(.childProtectionPlan) { return .childProtectionPlan }
        if active.contains(.childInNeed) { return .childInNeed }
        if active.contains(.lookedAfter) { return .lookedAfter }
        return .none
    }

    mutating func addFlows(_ clear: ClearCase) {
        let csa = clear.compulsorySchoolAgeStart...clear.compulsorySchoolAgeEnd
        func inPeriod(_ date: LocalDate) -> Bool { periodStart <= date && date <= asOf && csa.contains(date) }
        if clear.episodes.contains(where: { inPeriod($0.start) }) { bump("flows|Starts") }
        if let last = clear.episodes.last(where: { $0.end.map(inPeriod) ?? false }), let reason = last.endReason {
            bump(slots.ending[reason])
        }
        var counted: Set<EnforcementKind> = []
        for step in clear.enforcement where slots.enforcement[step.kind] != nil && inPeriod(step.date) && counted.insert(step.kind).inserted
        {
            bump(slots.enforcement[step.kind])
        }
    }

    /// Every breakdown with all its categories (zeros included), in display order.
    public var breakdowns: [(topic: String, categories: [String])] {
        [
            ("Reason", PrimaryReason.allCases.map(\.label)), ("Sex", Sex.allCases.map(\.label)),
            ("Year group", (0...11).map(SchoolCalendar.yearGroupLabel)), ("SEN provision", SENProvision.allCases.map(\.label)),
            ("Social care", SocialCare.allCases.map(\.rawValue)), ("Planning area", areas.sorted()),
            ("Previous school", PreviousSchoolType.allCases.map(\.label)),
        ]
    }

    /// All cells and the relations between them: every breakdown adds up to the live total; monitoring splits
    /// add up to the live total (contacts) or the EHCP count; the trend's last point is the live total;
    /// endings add up to their total.
    public var disclosureTable: DisclosureTable {
        var counts = cells
        var relations: [DisclosureTable.Relation] = []
        counts["live|Total", default: 0] += 0
        for (topic, categories) in breakdowns {
            let keys = categories.map { "live|\(topic)|\($0)" }
            for key in keys { counts[key, default: 0] += 0 }
            relations.append(.init(total: "live|Total", parts: keys))
        }
        for key in [
            "monitoring|Annual contact|In time", "monitoring|Annual contact|Overdue", "monitoring|EHCP review|In time",
            "monitoring|EHCP review|Overdue",
        ] {
            counts[key, default: 0] += 0
        }
        relations.append(.init(total: "live|Total", parts: ["monitoring|Annual contact|In time", "monitoring|Annual contact|Overdue"]))
        relations.append(
            .init(
                total: "live|SEN provision|" + SENProvision.ehcp.label,
                parts: ["monitoring|EHCP review|In time", "monitoring|EHCP review|Overdue"]
            )
        )
        for date in trendDates { counts["trend|" + date.iso, default: 0] += 0 }
        relations.append(.init(total: "trend|" + asOf.iso, parts: ["live|Total"]))
        let endings = EndReason.allCases.map { "flows|Endings|" + $0.label }
        for key in endings + ["flows|Starts", "flows|s.437 notices", "flows|SAOs issued", "flows|SAOs revoked"] {
            counts[key, default: 0] += 0
        }
        counts["flows|Endings|Total"] = endings.reduce(0) { $0 + (counts[$1] ?? 0) }
        relations.append(.init(total: "flows|Endings|Total", parts: endings))
        return DisclosureTable(counts: counts, relations: relations)
    }

    /// The dashboard as a tidy CSV (section, topic, category, count, percent of its total).
    public func csv(mode: DisclosureMode, benchmark: [BenchmarkRate] = [], population5to16: Int? = nil) -> String {
        let table = disclosureTable
        let published = DisclosureControl.apply(table, mode: mode)
        var rows = [["as_of", "section", "topic", "category", "count", "percent"]]
        func percent(_ key: String, of total: String) -> String {
            let value = published[key] ?? .unavailable
            let base = published[total] ?? .unavailable
            if value == .suppressed || base == .suppressed { return PublishedValue.suppressed.description }
            return DisclosureControl.percentage(table.counts[key] ?? 0, of: table.counts[total] ?? 0)
        }
        func row(_ section: String, _ topic: String, _ category: String, _ key: String, percentOf total: String?) {
            rows.append([
                asOf.iso, section, topic, category, (published[key] ?? .unavailable).description,
                total.map { percent(key, of: $0) } ?? PublishedValue.notApplicable.description,
            ])
        }
        row("Live EHE", "Total", "Total", "live|Total", percentOf: nil)
        for (topic, categories) in breakdowns {
            for category in categories { row("Live EHE", topic, category, "live|\(topic)|\(category)", percentOf: "live|Total") }
        }
        for topic in ["Annual contact", "EHCP review"] {
            let total = topic == "Annual contact" ? "live|Total" : "live|SEN provision|" + SENProvision.ehcp.label
            for category in ["In time", "Overdue"] {
                row("Monitoring", topic, category, "monitoring|\(topic)|\(category)", percentOf: total)
            }
        }
        row("Flows", "Starts", "Starts", "flows|Starts", percentOf: nil)
        for reason in EndReason.allCases {
            row("Flows", "Endings", reason.label, "flows|Endings|" + reason.label, percentOf: "flows|Endings|Total")
        }
        row("Flows", "Endings", "Total", "flows|Endings|Total", percentOf: nil)
        for label in ["s.437 notices", "SAOs issued", "SAOs revoked"] {
            row("Flows", "Enforcement", label, "flows|" + label, percentOf: nil)
        }
        for date in trendDates { row("Trend", "Live EHE at month end", date.iso, "trend|" + date.iso, percentOf: nil) }
        if let population = population5to16, population > 0 {
            // From the published count, never the exact one (issue 16 item 1), over this year's population.
            let rate = BenchmarkRate.rate(published["live|Total"] ?? .unavailable, population: population)
            rows.append([
                asOf.iso, "Benchmark", "Rate per 100 children aged 5 to 16", "This LA (\(asOf.iso))", rate,
                PublishedValue.notApplicable.description,
            ])
            for rate in benchmark {
                rows.append([
                    asOf.iso, "Benchmark", "Rate per 100 children aged 5 to 16", "\(rate.geography) (\(rate.period))", rate.ratePer100, "z",
                ])
            }
        }
        return CSV.encode(rows)
    }
}

/// A published rate to compare the LA with (national or regional, from DfE open data).
public struct BenchmarkRate: Sendable, Hashable {
    public var geography: String
    public var period: String
    public var ratePer100: String

    /// The census term a DfE period names — "Autumn 2025" is the autumn term of 2025/26, "Spring 2026" and
    /// "Summer 2026" terms of 2025/26 — as (term, first calendar year of the academic year); nil otherwise.
    public var censusTerm: (term: String, academicYear: Int)? {
        let parts = period.lowercased().split(separator: " ")
        guard parts.count == 2, let year = Int(parts[1]), (1900...2199).contains(year) else { return nil }
        switch parts[0] {
        case "autumn": return ("autumn", year)
        case "spring", "summer": return (String(parts[0]), year - 1)
        default: return nil
        }
    }

    /// A rate per 100 from a published (protected) count: `c` or `low` as the count is marked.
    public static func rate(_ count: PublishedValue, population: Int) -> String {
        guard let number = count.number else { return count.description }
        return population > 0 ? String(format: "%.1f", Double(number) * 100 / Double(population)) : PublishedValue.unavailable.description
    }

    public init(geography: String, period: String, ratePer100: String) {
        self.geography = geography
        self.period = period
        self.ratePer100 = ratePer100
    }
}
