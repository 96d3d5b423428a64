import ArgumentParser
import EHEApp
import EHECore
import EHEReports
import Foundation

struct ExportCensusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dfe-census",
        abstract: "The DfE termly EHE census file (ehe_census CSV and its EES metadata) for this LA.",
        discussion: """
            Counts children electively home educated on the term's census date (Config/census-dates.json): an \
            episode covers the date, the child is of compulsory school age on it and lives in the LA. Rows: \
            Total, Sex, Year group and Reason with DfE labels, every category listed; child_count, \
            child_percent and rate_per_100 (Total only, from localAuthority.population5to16). Reads only clear \
            data: runs without the keyring. Writes ehe_census_<year>_<term>.csv and .meta.csv into --out.

            Example: ehe export dfe-census --term autumn --year 2025/26 --disclosure dfe --out exports
            """
    )

    @Option(help: "autumn, spring or summer.")
    var term: String

    @Option(help: "Academic year, e.g. 2025/26.")
    var year: String

    @OptionGroup var export: ExportFlags

    func validate() throws {
        guard ["autumn", "spring", "summer"].contains(term) else { throw ValidationError("--term: use autumn, spring or summer") }
        _ = try Arguments.academicYear(year, option: "--year")
    }

    func run() async throws {
        try await export.run { ExportRequest(kind: .dfeCensus, mode: $0, term: term, year: year) }
    }
}
