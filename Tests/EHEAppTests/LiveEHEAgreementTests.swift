import EHEApp
import EHECore
import EHEReports
import EHETestSupport
import Foundation
import Testing

/// Issue 16 item 9: `summary` counted "live" as open-now cases of compulsory school age, with no residence
/// test, and disagreed with the exports (992 against 1,190 for one date). One definition now serves all.
@Suite("One definition of live EHE: summary, dashboard, census and place planning agree")
struct LiveEHEAgreementTests {
    @Test("on dates across two years, every output counts the same children as live EHE")
    func agree() async throws {
        let workspace = Workspace()
        let register = try workspace.open(initialise: true)
        defer { try? register.close() }
        _ = try await register.cases.seedDemo(count: 400, seed: 7)
        // A child living elsewhere (never live here) and one whose episode ended on 2026-03-01 (live before,
        // closed now): the two places the old summary differed.
        var elsewhere = Fixtures.simpleRecord(surname: "Elsewhere", start: LocalDate(2025, 1, 6))
        elsewhere.livesInLA = false
        var ended = Fixtures.simpleRecord(surname: "Ended", start: LocalDate(2025, 1, 6))
        ended.episodes[0].endDate = LocalDate(2026, 3, 1)
        ended.episodes[0].endReason = .movedLA
        for record in [elsewhere, ended] {
            let document = CaseDocument(
                StoredCase(reference: CaseReference(number: 1), version: 1, record: record),
                asOf: LocalDate(2026, 11, 30)
            )
            _ = try await register.cases.add(document, newChild: true)
        }
        let statistics = register.statistics
        var dates = [
            LocalDate(2025, 1, 31), LocalDate(2025, 10, 2), LocalDate(2026, 1, 15), LocalDate(2026, 6, 30), LocalDate(2026, 11, 30),
        ]
        dates.append(LocalDate(2024, 9, 1))
        var anyLive = false
        for date in dates {
            let summary = try await register.cases.summary(asOf: date)
            let dashboard = try await statistics.dashboard(asOf: date, periodStart: date.adding(months: -12).adding(days: 1))
            let census = try await statistics.census(on: date)
            let planning = try await statistics.placePlanning(asOf: date, horizonMonths: 12)
            let planned = planning.counts[.liveEHE, default: [:]].values.flatMap(\.values).reduce(0, +)
            #expect(summary.liveEHE == census.total, "\(date): summary \(summary.liveEHE), census \(census.total)")
            #expect(dashboard.cells["live|Total"] == census.total, "\(date)")
            #expect(planned == census.total, "\(date): place planning \(planned)")
            #expect(summary.byYearGroup.values.reduce(0, +) == summary.liveEHE)
            anyLive = anyLive || census.total > 0
        }
        #expect(anyLive)
    }
}

/// Issue 16 item 12 (in part): census dates for every year from 2022/23 to 2027/28, so no census export of
/// those years fails for want of a date.
@Suite("Census dates")
struct CensusDateTests {
    @Test("2022/23 to 2027/28 each have three census days, each a Thursday in its term of its academic year")
    func everyYear() throws {
        let workspace = Workspace()
        let register = try workspace.open(initialise: true)
        defer { try? register.close() }
        for first in 2022...2027 {
            let year = "\(first)/\(String(format: "%02d", (first + 1) % 100))"
            for (term, months) in [("autumn", 9...12), ("spring", 1...4), ("summer", 4...7)] {
                let date = try register.statistics.censusDate(year: year, term: term)
                #expect(date.isoWeekday == 4, "\(year) \(term): \(date)")
                #expect(months.contains(date.month), "\(year) \(term): \(date)")
                #expect(SchoolCalendar.academicYear(of: date) == first, "\(year) \(term): \(date)")
            }
        }
    }
}

/// Issue 16 item 11: the dashboard compared the LA's rate on the as-of date with autumn-census national
/// figures, over one population for every year. Now each benchmark has the LA's rate for the same term
/// beside it, each over its own year's population, from the protected count.
@Suite("Benchmarks compare like with like")
struct LikeForLikeBenchmarkTests {
    @Test("each benchmark term has this LA's rate on that term's census date over that year's population, from the published count")
    func likeForLike() async throws {
        let workspace = Workspace()
        let register = try workspace.open(initialise: true)
        defer { try? register.close() }
        _ = try await register.cases.seedDemo(count: 400, seed: 7)
        let statistics = register.statistics
        #expect(try statistics.population5to16(academicYear: 2025) == 52_000)
        #expect(try statistics.population5to16(academicYear: 2026) == 52_300)
        #expect(try statistics.population5to16(academicYear: 2030) == 52_000, "a year not listed: the single setting")
        let autumn = try await statistics.census(on: LocalDate(2025, 10, 2)).total
        let live = try await statistics.census(on: LocalDate(2026, 11, 30)).total
        for (mode, text) in [(DisclosureMode.exact, "exact"), (.rounding(base: 10), "dfe")] {
            let files = try await statistics.export(
                ExportRequest(
                    kind: .dashboard,
                    mode: try ExportRequest.disclosureMode(text, settings: register.settings),
                    asOf: LocalDate(2026, 11, 30)
                )
            )
            let rows = files.files[0].text.split(whereSeparator: \.isNewline).map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            let benchmark = rows.filter { $0.count > 4 && $0[1] == "Benchmark" }.map { ($0[3], $0[4]) }
            func protected(_ count: Int) -> Int { mode == .exact ? count : Int((Double(count) / 10).rounded()) * 10 }
            let expectedNow = String(format: "%.1f", Double(protected(live)) * 100 / 52_300)
            let expectedAutumn = String(format: "%.1f", Double(protected(autumn)) * 100 / 52_000)
            #expect(benchmark.first?.0 == "This LA (2026-11-30)" && benchmark.first?.1 == expectedNow, "\(text): \(benchmark)")
            let pair = benchmark.drop { $0.0 != "This LA (Autumn 2025)" }.prefix(2).map(\.0)
            #expect(pair == ["This LA (Autumn 2025)", "England (Autumn 2025)"], "\(text): \(benchmark)")
            #expect(benchmark.first { $0.0 == "This LA (Autumn 2025)" }?.1 == expectedAutumn, "\(text)")
            // The census file's rate_per_100 is worked out the same way: published count, that year's population.
            let census = try await statistics.export(
                ExportRequest(
                    kind: .dfeCensus,
                    mode: try ExportRequest.disclosureMode(text, settings: register.settings),
                    term: "autumn",
                    year: "2025/26"
                )
            )
            let total = census.files[0].text.split(whereSeparator: \.isNewline).first { $0.contains(",Total,Total,") }
            #expect(total?.hasSuffix("," + expectedAutumn) == true, "\(text): \(total ?? "")")
        }
    }
}
