import EHECore
import Foundation

/// The LA's rows of the DfE `ehe_census.csv` open-data file (DOMAIN.md §2.1, 2025/26 column names), and
/// its EES metadata file.
public struct EHECensusFile: Sendable {
    public struct Authority: Sendable, Hashable {
        public var oldCode: String
        public var newCode: String
        public var name: String
        public var regionCode: String
        public var regionName: String
        /// Children aged 5 to 16 living in the LA (ONS mid-year estimate), for `rate_per_100`.
        public var population5to16: Int?

        public init(oldCode: String, newCode: String, name: String, regionCode: String, regionName: String, population5to16: Int?) {
            self.oldCode = oldCode
            self.newCode = newCode
            self.name = name
            self.regionCode = regionCode
            self.regionName = regionName
            self.population5to16 = population5to16
        }

        /// Values of the geography columns for an LA-level row.
        public func geography(period: String, identifier: String) -> [String] {
            [period, identifier, "Local authority", "E92000001", "England", regionCode, regionName, oldCode, newCode, name]
        }
    }

    /// The time and geography columns every DfE open-data file starts with.
    public static let geographyColumns = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code", "region_name",
        "old_la_code", "new_la_code", "la_name",
    ]

    public static let columns = geographyColumns + ["breakdown_topic", "breakdown", "child_count", "child_percent", "rate_per_100"]

    public var authority: Authority
    /// Starting calendar year of the academic year (2025 for 2025/26).
    public var academicYear: Int
    /// `Autumn term`, `Spring term` or `Summer term`.
    public var termLabel: String
    public var mode: DisclosureMode

    public init(authority: Authority, academicYear: Int, termLabel: String, mode: DisclosureMode) {
        self.authority = authority
        self.academicYear = academicYear
        self.termLabel = termLabel
        self.mode = mode
    }

    /// The data file: a header and one row per breakdown category (every category listed, zeros included).
    public func csv(_ count: CensusCount) -> String {
        let published = DisclosureControl.apply(count.disclosureTable, mode: mode)
        let period = Self.timePeriod(academicYear)
        var rows = [Self.columns]
        func row(_ topic: String, _ label: String, _ key: String, _ exact: Int) {
            let value = published[key] ?? .unavailable
            let percent: String
            switch (value, published["Total"] ?? .unavailable) {
            case (.suppressed, _), (_, .suppressed): percent = PublishedValue.suppressed.description
            default: percent = DisclosureControl.percentage(exact, of: count.total)
            }
            var rate = PublishedValue.unavailable.description
            if topic == "Total", let population = authority.population5to16, population > 0 {
                // From the published count over the census year's population (issue 16 items 1 and 11).
                rate = BenchmarkRate.rate(value, population: population)
            } else if topic == "Total", value == .suppressed {
                rate = PublishedValue.suppressed.description
            }
            rows.append(authority.geography(period: period, identifier: termLabel) + [topic, label, value.description, percent, rate])
        }
        row("Total", "Total", "Total", count.total)
        for sex in Sex.allCases { row("Sex", sex.label, "Sex/" + sex.label, count.bySex[sex] ?? 0) }
        for year in count.yearGroups {
            let label = SchoolCalendar.yearGroupLabel(year)
            row("Year group", label, "Year group/" + label, count.byYearGroup[year] ?? 0)
        }
        for reason in PrimaryReason.allCases { row("Reason", reason.label, "Reason/" + reason.label, count.byReason[reason] ?? 0) }
        return CSV.encode(rows)
    }

    /// `202526` for 2025/26.
    public static func timePeriod(_ academicYear: Int) -> String {
        "\(academicYear)\(String(format2: (academicYear + 1) % 100))"
    }

    /// The EES metadata file describing the data file's columns.
    public static func metadata() -> String {
        CSV.encode([
            [
                "col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp", "filter_hint",
                "filter_grouping_column",
            ],
            ["breakdown_topic", "Filter", "Breakdown topic", "", "", "", "Total, sex, year group or primary reason", ""],
            ["breakdown", "Filter", "Breakdown", "", "", "", "", "breakdown_topic"],
            ["child_count", "Indicator", "Number of children in elective home education", "", "", "0", "", ""],
            ["child_percent", "Indicator", "Percentage of children in elective home education", "", "%", "0", "", ""],
            ["rate_per_100", "Indicator", "Children in elective home education per 100 children aged 5 to 16", "", "", "1", "", ""],
        ])
    }
}

/// RFC 4180 CSV: CRLF line ends; fields with a comma, quote or line break quoted, quotes doubled.
public enum CSV {
    public static func encode(_ rows: [[String]]) -> String {
        rows.map { row in
            row.map { field in
                field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n"
    }
}

extension String {
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}
