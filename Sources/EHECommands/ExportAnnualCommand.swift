import ArgumentParser
import EHEApp
import EHECore
import EHEReports
import Foundation

struct ExportAnnualCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dfe-annual",
        abstract: "The DfE academic-year EHE measures (at any point, starts, returns, notices, SAOs) for this LA.",
        discussion: """
            Distinct resident children, events while of compulsory school age, 1 September to 31 August: EHE \
            at any point; starts, and starts by previous school type (with percentages); returns to school; \
            other endings (ehe_leave, the register's reading of an unconfirmed DfE item); s.437(1) notices; \
            school attendance orders issued and revoked. Runs without the keyring. Writes \
            ehe_annual_<year>.csv and .meta.csv into --out.

            Example: ehe export dfe-annual --year 2024/25 --disclosure dfe
            """
    )

    @Option(help: "Academic year, e.g. 2024/25.")
    var year: String

    @OptionGroup var export: ExportFlags

    func validate() throws {
        _ = try Arguments.academicYear(year, option: "--year")
    }

    func run() async throws {
        try await export.run { ExportRequest(kind: .dfeAnnual, mode: $0, year: year) }
    }
}
