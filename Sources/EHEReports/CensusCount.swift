public import EHECore

/// Children EHE on a census date (DOMAIN.md §1.1, §9.4): an episode covers the date, the child is of
/// compulsory school age on it, and lives in the LA. Counted by sex, year group and primary reason of the
/// episode covering the date. Built by streaming clear cases; needs no key.
public struct CensusCount: ClearCaseAggregate, Hashable {
    public let date: LocalDate
    public private(set) var total = 0
    public private(set) var bySex: [Sex: Int] = [:]
    /// By national curriculum year (0 = Reception … 11 = Year 11).
    public private(set) var byYearGroup: [Int: Int] = [:]
    public private(set) var byReason: [PrimaryReason: Int] = [:]

    public init(date: LocalDate) {
        self.date = date
    }

    public mutating func add(_ clear: ClearCase) {
        guard clear.isLiveEHE(on: date), let episode = clear.episode(on: date) else { return }
        total += 1
        bySex[clear.sex, default: 0] += 1
        byYearGroup[clear.yearGroup(on: date), default: 0] += 1
        byReason[episode.primaryReason, default: 0] += 1
    }

    public mutating func merge(_ other: CensusCount) {
        total += other.total
        bySex.add(other.bySex)
        byYearGroup.add(other.byYearGroup)
        byReason.add(other.byReason)
    }

    /// The year groups a census table lists: Reception to Year 11, plus any other found (flagged by label).
    public var yearGroups: [Int] {
        Array(Set(0...11).union(byYearGroup.keys)).sorted()
    }

    /// Cells and additive relations for disclosure control: the total, and each breakdown adding up to it.
    public var disclosureTable: DisclosureTable {
        var counts = ["Total": total]
        for sex in Sex.allCases { counts["Sex/" + sex.label] = bySex[sex] ?? 0 }
        for year in yearGroups { counts["Year group/" + SchoolCalendar.yearGroupLabel(year)] = byYearGroup[year] ?? 0 }
        for reason in PrimaryReason.allCases { counts["Reason/" + reason.label] = byReason[reason] ?? 0 }
        return DisclosureTable(
            counts: counts,
            relations: [
                .init(total: "Total", parts: Sex.allCases.map { "Sex/" + $0.label }),
                .init(total: "Total", parts: yearGroups.map { "Year group/" + SchoolCalendar.yearGroupLabel($0) }),
                .init(total: "Total", parts: PrimaryReason.allCases.map { "Reason/" + $0.label }),
            ]
        )
    }
}
