import ArgumentParser
import EHEApp
import EHECore
import EHEReports
import Foundation

struct ExportPlacePlanningCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "place-planning",
        abstract: "EHE figures for school place planning, by planning area and year group.",
        discussion: """
            As of a date: live EHE by planning area × year group with phase totals, its EHCP subset, planned \
            returns within --horizon-months (by the target school's planning area, Config/school-planning-areas.csv, \
            and the year group at the return date), starts and returns over the last 12 months, and the return \
            rate by year group. Disclosure control across every row and column total. Runs without the keyring.

            Example: ehe export place-planning --as-of 2026-10-01 --horizon-months 12 --disclosure suppress
            """
    )

    @Option(name: .customLong("as-of"), help: "The date (default: today).")
    var asOf: String?

    @Option(name: .customLong("horizon-months"), help: "How far ahead planned returns count.")
    var horizonMonths = 12

    @OptionGroup var export: ExportFlags

    func validate() throws {
        guard (1...60).contains(horizonMonths) else { throw ValidationError("--horizon-months: must be 1 to 60") }
    }

    func run() async throws {
        let date = try Arguments.optionalDate(asOf, option: "--as-of")
        try await export.run { ExportRequest(kind: .placePlanning, mode: $0, asOf: date, horizonMonths: horizonMonths) }
    }
}
