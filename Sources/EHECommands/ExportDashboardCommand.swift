import ArgumentParser
import EHEApp
import EHECore
import EHEReports
import Foundation

struct ExportDashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "The education dashboard: live EHE by every dimension, flows, monitoring, 24-month trend, benchmarks.",
        discussion: """
            Live EHE on --as-of (episode covering the date, of compulsory school age, living in the LA) in \
            total and by primary reason, sex, year group, SEN provision, social care (most serious status in \
            force), planning area and previous school type (LA-maintained apart from academies, free, \
            independent and other schools); flows from --from to --as-of (starts, endings by reason, s.437 \
            notices, SAOs issued and revoked); monitoring (live children with a substantive contact in the last \
            12 months, EHCP children with their annual review in time, and the overdue); live EHE at each of \
            the last 24 month ends; and the LA's rate per 100 children aged 5–16 beside the rates in \
            Config/dfe-benchmark-rates.csv. Disclosure control covers all of it at once. Runs without the keyring.

            Example: ehe export dashboard --as-of 2026-11-30 --disclosure suppress
            """
    )

    @Option(name: .customLong("as-of"), help: "The date (default: today).")
    var asOf: String?

    @Option(help: "Start of the flow period (default: 12 months before --as-of, plus a day).")
    var from: String?

    @OptionGroup var export: ExportFlags

    func run() async throws {
        let date = try Arguments.optionalDate(asOf, option: "--as-of")
        let start = try Arguments.optionalDate(from, option: "--from")
        try await export.run { ExportRequest(kind: .dashboard, mode: $0, asOf: date, from: start) }
    }
}
