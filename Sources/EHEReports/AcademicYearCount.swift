public import EHECore

/// The academic-year ("at any point") measures of the DfE EHE release (DOMAIN.md §2.2, §9.4), counted from
/// clear data. Every measure counts distinct resident children; an event counts when it happens while the
/// child is of compulsory school age.
public struct AcademicYearCount: ClearCaseAggregate, Hashable {
    /// Starting calendar year: 2024 for 2024/25 (1 September 2024 to 31 August 2025).
    public let year: Int
    public private(set) var atAnyPoint = 0
    public private(set) var starts = 0
    public private(set) var returns = 0
    /// Episodes ending in the year other than by a return to school (the DfE `ehe_leave` meaning is
    /// unconfirmed: this is the register's definition, DOMAIN.md §2.2).
    public private(set) var otherEndings = 0
    public private(set) var s437Notices = 0
    public private(set) var saosIssued = 0
    public private(set) var saosRevoked = 0
    /// Starters by the type of school they left (their first start in the year); unknown counts as other.
    public private(set) var startsByPreviousSchool: [PreviousSchoolType: Int] = [:]

    public init(year: Int) {
        self.year = year
    }

    public var firstDay: LocalDate { LocalDate(year, 9, 1) }
    public var lastDay: LocalDate { LocalDate(year + 1, 8, 31) }

    public mutating func add(_ clear: ClearCase) {
        guard clear.livesInLA else { return }
        let from = max(firstDay, clear.compulsorySchoolAgeStart)
        let to = min(lastDay, clear.compulsorySchoolAgeEnd)
        guard from <= to else { return }
        func inWindow(_ date: LocalDate) -> Bool { from <= date && date <= to }
        let overlapping = clear.episodes.filter { $0.start <= to && ($0.end ?? to) >= from }
        guard !overlapping.isEmpty else { return }
        atAnyPoint += 1
        if let first = clear.episodes.first(where: { inWindow($0.start) }) {
            starts += 1
            startsByPreviousSchool[first.previousSchoolType ?? .otherOrUnknown, default: 0] += 1
        }
        let endings = clear.episodes.filter { $0.end.map(inWindow) ?? false }
        if endings.contains(where: { $0.endReason == .returnedToSchool }) { returns += 1 }
        if endings.contains(where: { $0.endReason != .returnedToSchool }) { otherEndings += 1 }
        if clear.enforcement.contains(where: { $0.kind == .s437Notice && inWindow($0.date) }) { s437Notices += 1 }
        if clear.enforcement.contains(where: { $0.kind == .saoIssued && inWindow($0.date) }) { saosIssued += 1 }
        if clear.enforcement.contains(where: { $0.kind == .saoRevoked && inWindow($0.date) }) { saosRevoked += 1 }
    }

    public mutating func merge(_ other: AcademicYearCount) {
        atAnyPoint += other.atAnyPoint
        starts += other.starts
        returns += other.returns
        otherEndings += other.otherEndings
        s437Notices += other.s437Notices
        saosIssued += other.saosIssued
        saosRevoked += other.saosRevoked
        startsByPreviousSchool.add(other.startsByPreviousSchool)
    }

    /// Cells, in the DfE column names, and the one additive relation among them (starts by school type).
    public var disclosureTable: DisclosureTable {
        var counts = [
            "ehe_anytime_full_year": atAnyPoint, "ehe_starts_full_year": starts, "ehe_returns_full_year": returns,
            "ehe_leave": otherEndings,
            "ehe_section_437_full_year": s437Notices, "ehe_sao_issued_full_year": saosIssued, "ehe_sao_revoked_full_year": saosRevoked,
        ]
        for type in PreviousSchoolType.allCases { counts["ehe_schtype_" + type.dfeSuffix] = startsByPreviousSchool[type] ?? 0 }
        return DisclosureTable(
            counts: counts,
            relations: [.init(total: "ehe_starts_full_year", parts: PreviousSchoolType.allCases.map { "ehe_schtype_" + $0.dfeSuffix })]
        )
    }

    /// The DfE column order of the indicators.
    public static var indicatorColumns: [String] {
        [
            "ehe_anytime_full_year", "ehe_starts_full_year", "ehe_returns_full_year", "ehe_leave", "ehe_section_437_full_year",
            "ehe_sao_issued_full_year", "ehe_sao_revoked_full_year",
        ] + PreviousSchoolType.allCases.flatMap { ["ehe_schtype_" + $0.dfeSuffix, "ehe_schtype_" + $0.dfeSuffix + "_pc"] }
    }

    /// One wide row for the LA, with disclosure control: percentages of starters by school type are
    /// suppressed with their counts.
    public func row(mode: DisclosureMode) -> [String: String] {
        let published = DisclosureControl.apply(disclosureTable, mode: mode)
        var row = published.mapValues(\.description)
        for type in PreviousSchoolType.allCases {
            let key = "ehe_schtype_" + type.dfeSuffix
            let exact = startsByPreviousSchool[type] ?? 0
            if published[key] == .suppressed || published["ehe_starts_full_year"] == .suppressed {
                row[key + "_pc"] = PublishedValue.suppressed.description
            } else {
                row[key + "_pc"] = DisclosureControl.percentage(exact, of: starts)
            }
        }
        return row
    }
}
