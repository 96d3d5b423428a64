import EHECore
import EHEReports
import Testing

@Suite("The education dashboard")
struct DashboardTests {
    typealias C = CensusCountTests
    static let asOf = LocalDate(2026, 6, 30)

    @Test("worked by hand: live breakdowns, social care, monitoring, flows and the trend")
    func handCounts() {
        // 1: live, EHCP reviewed within 12 months, contact in time, child in need then a CP plan (CP shown).
        var one = C.child(1, sex: .female, birthAY: 2012, episodes: [(LocalDate(2025, 9, 1), nil, .mentalHealth)])
        one.senProvision = .ehcp
        one.ehcpIssueDate = LocalDate(2024, 1, 10)
        one.reviewMeetings = [LocalDate(2025, 12, 1)]
        one.substantiveContactDates = [LocalDate(2026, 1, 5)]
        one.socialCare = [
            SocialCareStatus(flag: .childInNeed, from: LocalDate(2025, 1, 1)),
            SocialCareStatus(flag: .childProtectionPlan, from: LocalDate(2026, 2, 1)),
        ]
        one.planningArea = "PA-N"
        // 2: live since 2024, no contact: annual contact overdue; EHCP with no review since issue: overdue.
        var two = C.child(2, sex: .male, birthAY: 2015, episodes: [(LocalDate(2024, 3, 4), nil, .other)])
        two.senProvision = .ehcp
        two.ehcpIssueDate = LocalDate(2024, 9, 1)
        two.episodes[0].previousSchoolType = .laMaintained
        // 3: returned to school in the period (flows only), with a s.437 notice in the period.
        var three = C.child(3, birthAY: 2013, episodes: [(LocalDate(2025, 2, 3), LocalDate(2026, 3, 2), .lifestyle)])
        three.episodes[0].endReason = .returnedToSchool
        three.enforcement = [ClearCase.EnforcementStep(kind: .s437Notice, date: LocalDate(2025, 11, 3))]
        var dashboard = Dashboard(asOf: Self.asOf, periodStart: LocalDate(2025, 7, 1))
        for clear in [one, two, three] { dashboard.add(clear) }
        let cells = dashboard.cells
        #expect(cells["live|Total"] == 2)
        #expect(cells["live|Reason|Mental health"] == 1 && cells["live|Reason|Other"] == 1)
        #expect(cells["live|Social care|Child protection plan"] == 1 && cells["live|Social care|None recorded"] == 1)
        #expect(cells["live|Previous school|LA-maintained school"] == 1 && cells["live|Previous school|Other / unknown"] == 1)
        #expect(cells["live|Planning area|PA-N"] == 1 && cells["live|Planning area|Unknown"] == 1)
        #expect(cells["monitoring|Annual contact|In time"] == 1 && cells["monitoring|Annual contact|Overdue"] == 1)
        #expect(cells["monitoring|EHCP review|In time"] == 1 && cells["monitoring|EHCP review|Overdue"] == 1)
        // Flows from 1 July 2025: child 1 started (1 Sept 2025), child 3 returned, one s.437 notice.
        #expect(cells["flows|Starts"] == 1 && cells["flows|Endings|Returned to school"] == 1 && cells["flows|s.437 notices"] == 1)
        // Trend: end of February 2026: children 1, 2 and 3 live; end of March 2026: 1 and 2.
        #expect(dashboard.trendDates.count == 24 && dashboard.trendDates.last == Self.asOf)
        #expect(cells["trend|2026-02-28"] == 3 && cells["trend|2026-03-31"] == 2 && cells["trend|2026-06-30"] == 2)
    }

    @Test("issue 16 item 10: monitoring uses the LA's intervals, and a re-issued plan's review runs from the re-issue")
    func monitoringPolicy() {
        // Last substantive contact 2025-09-15; as of 2026-06-30 that is in time at 12 months, overdue at 9.
        var child = C.child(1, birthAY: 2013, episodes: [(LocalDate(2025, 9, 1), nil, .other)])
        child.substantiveContactDates = [LocalDate(2025, 9, 15)]
        // Reviewed 2025-03-01, re-issued after amendment 2025-08-01: next review by 2026-08-01 (in time),
        // not 2026-03-01 (which the last meeting alone would give: overdue).
        child.senProvision = .ehcp
        child.ehcpIssueDate = LocalDate(2025, 8, 1)
        child.reviewMeetings = [LocalDate(2025, 3, 1)]
        var yearly = Dashboard(asOf: Self.asOf, periodStart: LocalDate(2025, 7, 1))
        yearly.add(child)
        #expect(yearly.cells["monitoring|Annual contact|In time"] == 1 && yearly.cells["monitoring|EHCP review|In time"] == 1)
        var strict = Dashboard(
            asOf: Self.asOf,
            periodStart: LocalDate(2025, 7, 1),
            policy: ReviewPolicy(annualContactMonths: 9, ehcpReviewMonths: 10)
        )
        strict.add(child)
        #expect(strict.cells["monitoring|Annual contact|Overdue"] == 1)
        // 2025-08-01 + 10 months = 2026-06-01, before the as-of date: overdue under the stricter policy.
        #expect(strict.cells["monitoring|EHCP review|Overdue"] == 1)
    }

    @Test("every breakdown, monitoring split and trend point is protected together: nothing suppressed can be recovered")
    func unionOfBreakdowns() {
        var dashboard = Dashboard(asOf: Self.asOf, periodStart: LocalDate(2025, 7, 1))
        var generator = SeededGenerator(seed: 11)
        for number in 1...250 {
            var clear = C.child(
                Int64(number),
                sex: Int.random(in: 0..<50, using: &generator) == 0 ? .unknown : .female,
                birthAY: 2009 + Int.random(in: 1...11, using: &generator),
                episodes: [
                    (
                        LocalDate(2025, Int.random(in: 1...12, using: &generator), 1), nil,
                        PrimaryReason.allCases.randomElement(using: &generator)!
                    )
                ]
            )
            clear.senProvision = SENProvision.allCases.randomElement(using: &generator)!
            if clear.senProvision == .ehcp { clear.ehcpIssueDate = LocalDate(2025, 1, 1) }
            clear.planningArea = ["PA-A", "PA-B", "PA-C"].randomElement(using: &generator)!
            dashboard.add(clear)
        }
        let table = dashboard.disclosureTable
        let published = DisclosureControl.apply(table, mode: .suppression(threshold: 6))
        #expect(published.values.allSatisfy { $0.number.map { !(1..<6).contains($0) } ?? true })
        #expect(published.values.contains(.suppressed))
        #expect(IndependentRecovery.recovered(table, published).isEmpty)
        #expect(published["live|Total"] == published["trend|2026-06-30"])
        let csv = dashboard.csv(
            mode: .rounding(base: 10),
            benchmark: [BenchmarkRate(geography: "England", period: "Autumn 2025", ratePer100: "1.5")],
            population5to16: 10_000
        )
        #expect(csv.contains("Benchmark,Rate per 100 children aged 5 to 16,England (Autumn 2025),1.5"))
    }
}
