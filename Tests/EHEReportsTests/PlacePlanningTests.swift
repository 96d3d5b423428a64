import EHECore
import EHEReports
import Testing

@Suite("Place planning by planning area and year group")
struct PlacePlanningTests {
    typealias C = CensusCountTests
    static let asOf = LocalDate(2026, 6, 1)

    func area(_ clear: ClearCase, _ code: String) -> ClearCase {
        var clear = clear
        clear.planningArea = code
        return clear
    }

    @Test("worked by hand: stock, EHCP subset, planned returns by target school area, starts and returns")
    func handCounts() {
        // A: PA-N, Year 3 in 2025/26 (born 2017/18), EHCP.
        var a = area(C.child(1, birthAY: 2017, episodes: [(LocalDate(2025, 1, 6), nil, .other)]), "PA-N")
        a.senProvision = .ehcp
        // B: PA-S, Year 6 now; plans to return on 3 Sept 2026 to school 113001 (PA-X): Year 7 then.
        var b = area(C.child(2, birthAY: 2014, episodes: [(LocalDate(2024, 1, 8), nil, .other)]), "PA-S")
        b.returnPlans = [.init(targetDate: LocalDate(2026, 9, 3), targetSchoolURN: "113001", status: .applied)]
        // C: PA-N, started 1 Nov 2025 (Year 8 then), returned 1 Mar 2026 (Year 8).
        var c = area(C.child(3, birthAY: 2012, episodes: [(LocalDate(2025, 11, 1), LocalDate(2026, 3, 1), .other)]), "PA-N")
        c.episodes[0].endReason = .returnedToSchool
        // D: lives elsewhere.
        let d = area(C.child(4, birthAY: 2014, episodes: [(LocalDate(2025, 1, 6), nil, .other)], livesInLA: false), "PA-N")
        var figures = PlacePlanning(asOf: Self.asOf, horizonMonths: 6, schoolAreas: ["113001": "PA-X"])
        for clear in [a, b, c, d] { figures.add(clear) }
        #expect(figures.counts[.liveEHE] == ["PA-N": [3: 1], "PA-S": [6: 1]])
        #expect(figures.counts[.liveEHCP] == ["PA-N": [3: 1]])
        #expect(figures.counts[.intendedReturns] == ["PA-X": [7: 1]])
        #expect(figures.counts[.startsLast12Months] == ["PA-N": [8: 1]])
        #expect(figures.counts[.returnsLast12Months] == ["PA-N": [8: 1]])
        let table = figures.table(.liveEHE)
        #expect(table.counts["PA-N|Primary (Reception to Year 6)"] == 1 && table.counts["All planning areas|Total"] == 2)
        #expect(table.counts["All planning areas|Year 6"] == 1 && table.counts["PA-S|Secondary (Years 7 to 11)"] == 0)
        // A horizon that ends before the planned return leaves it out.
        var short = PlacePlanning(asOf: Self.asOf, horizonMonths: 2, schoolAreas: [:])
        short.add(b)
        #expect(short.counts[.intendedReturns] == nil)
    }

    @Test("issue 16 item 4: the return rate of a low count is marked low in a rounding file and c where suppressed")
    func rateMarks() {
        // One Year 8 return in the last 12 months: a count of 1, low when rounded, suppressed under suppression.
        var c = area(C.child(3, birthAY: 2012, episodes: [(LocalDate(2025, 11, 1), LocalDate(2026, 3, 1), .other)]), "PA-N")
        c.episodes[0].endReason = .returnedToSchool
        var figures = PlacePlanning(asOf: Self.asOf, horizonMonths: 6, schoolAreas: [:])
        figures.add(c)
        func rate(_ mode: DisclosureMode) -> String? {
            figures.csv(mode: mode).split(whereSeparator: \.isNewline).first {
                $0.contains("ehe_return_rate_per_100") && $0.contains("Year 8")
            }
            .map { String($0.split(separator: ",").last ?? "") }
        }
        #expect(rate(.rounding(base: 10)) == "low")
        #expect(rate(.suppression(threshold: 6)) == "c")
        #expect(rate(.exact) != "low" && rate(.exact) != "c")
    }

    @Test("suppressed area × year-group tables cannot be unpicked through any row, column or phase total")
    func suppressionIsSafe() {
        var figures = PlacePlanning(asOf: Self.asOf, horizonMonths: 12, schoolAreas: [:])
        var generator = SeededGenerator(seed: 3)
        for number in 1...400 {
            let areaCode = ["PA-A", "PA-B", "PA-C", "PA-D"][Int.random(in: 0..<4, using: &generator)]
            figures.add(
                area(
                    C.child(
                        Int64(number),
                        birthAY: 2009 + Int.random(in: 1...11, using: &generator),
                        episodes: [(LocalDate(2025, 1, 6), nil, .other)]
                    ),
                    areaCode
                )
            )
        }
        for threshold in [6, 10] {
            let table = figures.table(.liveEHE)
            let published = DisclosureControl.apply(table, mode: .suppression(threshold: threshold))
            #expect(published.values.allSatisfy { $0.number.map { !(1..<threshold).contains($0) } ?? true })
            #expect(IndependentRecovery.recovered(table, published).isEmpty)
        }
        let csv = figures.csv(mode: .rounding(base: 10))
        #expect(csv.hasPrefix("time_period_end,measure,planning_area,year_group,value\r\n"))
        #expect(csv.contains("ehe_return_rate_per_100"))
    }
}
