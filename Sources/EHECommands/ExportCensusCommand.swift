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

    @Option(name: .customLong("data-dir"), help: "Folder holding the register database (default: ./data).")
    var dataDirectory: String?

    @Option(help: "autumn, spring or summer.")
    var term: String

    @Option(help: "Academic year, e.g. 2025/26.")
    var year: String

    @OptionGroup var disclosure: DisclosureFlags

    @Option(help: "Folder to write the files into.")
    var out = "exports"

    func validate() throws {
        guard ["autumn", "spring", "summer"].contains(term) else { throw ValidationError("--term: use autumn, spring or summer") }
        _ = try AcademicYearArgument.parse(year)
    }

    func run() async throws {
        let source = try StatisticsSource.open(options: RegisterOptions(dataDirectory: dataDirectory))
        let mode = try disclosure.mode(source.settings)
        let date = try source.censusDate(year: year, term: term)
        let count = try await source.census(on: date)
        let file = EHECensusFile(
            authority: try source.authority(),
            academicYear: Int(year.prefix(4)) ?? 0,
            termLabel: term.prefix(1).uppercased() + term.dropFirst() + " term",
            mode: mode
        )
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let stem =
            out + "/ehe_census_" + year.replacingOccurrences(of: "/", with: "") + "_" + term
            + (mode == .exact ? ".NOT-FOR-PUBLICATION" : "")
        try Data(file.csv(count).utf8).write(to: URL(fileURLWithPath: stem + ".csv"))
        try Data(EHECensusFile.metadata().utf8).write(to: URL(fileURLWithPath: stem + ".meta.csv"))
        print(
            "Wrote \(stem).csv and \(stem).meta.csv: census date \(date), disclosure \(disclosure.disclosure ?? source.settings.disclosure?.defaultMode ?? "dfe")"
        )
        if mode == .exact { Terminal.error("warning: exact counts — NOT FOR PUBLICATION") }
    }
}
