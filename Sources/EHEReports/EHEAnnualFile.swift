import EHECore

/// The LA's row of the DfE academic-year EHE file (DOMAIN.md §2.2), and its EES metadata.
public struct EHEAnnualFile: Sendable {
    public var authority: EHECensusFile.Authority
    public var mode: DisclosureMode

    public init(authority: EHECensusFile.Authority, mode: DisclosureMode) {
        self.authority = authority
        self.mode = mode
    }

    public func csv(_ count: AcademicYearCount) -> String {
        let values = count.row(mode: mode)
        let geography = authority.geography(period: EHECensusFile.timePeriod(count.year), identifier: "Academic year")
        return CSV.encode([
            EHECensusFile.geographyColumns + AcademicYearCount.indicatorColumns,
            geography + AcademicYearCount.indicatorColumns.map { values[$0] ?? PublishedValue.unavailable.description },
        ])
    }

    public static func metadata() -> String {
        var rows = [
            [
                "col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp", "filter_hint",
                "filter_grouping_column",
            ]
        ]
        let labels = [
            "ehe_anytime_full_year": "Children in elective home education at any point in the year",
            "ehe_starts_full_year": "Children who started elective home education in the year",
            "ehe_returns_full_year": "Children who returned to school from elective home education in the year",
            "ehe_leave": "Children whose elective home education ended in the year other than by a return to school",
            "ehe_section_437_full_year": "Children served a section 437(1) notice in the year",
            "ehe_sao_issued_full_year": "Children issued a school attendance order in the year",
            "ehe_sao_revoked_full_year": "Children whose school attendance order was revoked in the year",
        ]
        for column in AcademicYearCount.indicatorColumns {
            if let label = labels[column] {
                rows.append([column, "Indicator", label, "Flows", "", "0", "", ""])
            } else if column.hasSuffix("_pc") {
                rows.append([
                    column, "Indicator", "Percentage of starters from this previous school type", "Starts by previous school type", "%",
                    "0", "", "",
                ])
            } else {
                let type = PreviousSchoolType.allCases.first { "ehe_schtype_" + $0.dfeSuffix == column }
                rows.append([
                    column, "Indicator", "Starters whose previous school type was: " + (type?.label ?? column),
                    "Starts by previous school type", "", "0", "", "",
                ])
            }
        }
        return CSV.encode(rows)
    }
}
