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

    @Option(name: .customLong("data-dir"), help: "Folder holding the register database (default: ./data).")
    var dataDirectory: String?

    @Option(name: .customLong("as-of"), help: "The date (default: today).")
    var asOf: String?

    @Option(name: .customLong("horizon-months"), help: "How far ahead planned returns count.")
    var horizonMonths = 12

    @OptionGroup var disclosure: DisclosureFlags

    @Option(help: "Folder to write the file into.")
    var out = "exports"

    func validate() throws {
        guard (1...60).contains(horizonMonths) else { throw ValidationError("--horizon-months: must be 1 to 60") }
    }

    func run() async throws {
        let source = try StatisticsSource.open(options: RegisterOptions(dataDirectory: dataDirectory))
        let mode = try disclosure.mode(source.settings)
        let date = try Arguments.optionalDate(asOf, option: "--as-of") ?? source.today
        let figures = try await source.placePlanning(asOf: date, horizonMonths: horizonMonths)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let path = out + "/place_planning_" + date.iso + (mode == .exact ? ".NOT-FOR-PUBLICATION" : "") + ".csv"
        try Data(figures.csv(mode: mode).utf8).write(to: URL(fileURLWithPath: path))
        print("Wrote \(path)")
        if mode == .exact { Terminal.error("warning: exact counts — NOT FOR PUBLICATION") }
    }
}
