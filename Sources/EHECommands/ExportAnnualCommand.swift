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

    func run() async throws {
        let start = try AcademicYearArgument.parse(year)
        let (source, mode) = try export.open()
        let count = try await source.academicYear(start)
        let file = EHEAnnualFile(authority: try source.authority(), mode: mode)
        try export.write(
            "ehe_annual_" + year.replacingOccurrences(of: "/", with: ""),
            mode: mode,
            [(".csv", file.csv(count)), (".meta.csv", EHEAnnualFile.metadata())]
        )
    }
}

/// An academic year written `2025/26`.
enum AcademicYearArgument {
    static func parse(_ text: String) throws -> Int {
        let parts = text.split(separator: "/")
        guard parts.count == 2, parts[0].count == 4, let first = Int(parts[0]), let second = Int(parts[1]), (first + 1) % 100 == second
        else {
            throw ValidationError("--year: write the academic year as 2025/26")
        }
        return first
    }
}
