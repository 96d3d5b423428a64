import EHECore
import EHEReports
import Testing

@Suite("Counting children EHE on a census date, and the DfE census file")
struct CensusCountTests {
    static let census = LocalDate(2025, 10, 2)

    /// A child born in `birthYear` (academic year), with these episodes.
    static func child(
        _ number: Int64,
        sex: Sex = .female,
        birthAY: Int,
        episodes: [(LocalDate, LocalDate?, PrimaryReason)],
        livesInLA: Bool = true,
        csaEnd: LocalDate? = nil
    ) -> ClearCase {
        let dob = LocalDate(birthAY, 10, 15)
        return ClearCase(
            reference: CaseReference(number: number),
            sex: sex,
            birthAcademicYear: birthAY,
            compulsorySchoolAgeStart: SchoolCalendar.compulsorySchoolAgeStart(dateOfBirth: dob),
            compulsorySchoolAgeEnd: csaEnd ?? SchoolCalendar.compulsorySchoolAgeEnd(dateOfBirth: dob),
            senProvision: .none,
            planningArea: nil,
            livesInLA: livesInLA,
            episodes: episodes.map {
                .init(
                    start: $0.0,
                    end: $0.1,
                    endReason: $0.1 == nil ? nil : .returnedToSchool,
                    primaryReason: $0.2,
                    previousSchoolType: nil,
                    notificationSource: .parent
                )
            },
            socialCare: [],
            contactDates: [],
            substantiveContactDates: [],
            ehcpIssueDate: nil,
            reviewMeetings: [],
            enforcement: []
        )
    }

    /// Worked by hand: A, C and D count (3); B, E, F and G do not.
    static let register: [ClearCase] = [
        // A: Year 10 (born 2010/11), open since 2024, mental health.
        child(1, sex: .female, birthAY: 2010, episodes: [(LocalDate(2024, 3, 1), nil, .mentalHealth)]),
        // B: left compulsory school age the day before the census (leaving date set to 1 Oct for the case).
        child(2, sex: .male, birthAY: 2009, episodes: [(LocalDate(2024, 3, 1), nil, .lifestyle)], csaEnd: LocalDate(2025, 10, 1)),
        // C: episode starting on the census date: Year 3 (born 2017/18), male, other.
        child(3, sex: .male, birthAY: 2017, episodes: [(census, nil, .other)]),
        // D: two episodes in the year: returned in September, home educated again on 30 Sept: counted once.
        child(
            4,
            sex: .female,
            birthAY: 2012,
            episodes: [
                (LocalDate(2025, 1, 6), LocalDate(2025, 9, 10), .mentalHealth), (LocalDate(2025, 9, 30), nil, .philosophicalPreferential),
            ]
        ),
        // E: lives in another LA.
        child(5, birthAY: 2012, episodes: [(LocalDate(2025, 1, 6), nil, .mentalHealth)], livesInLA: false),
        // F: episode ended the day before the census.
        child(6, birthAY: 2012, episodes: [(LocalDate(2025, 1, 6), LocalDate(2025, 10, 1), .mentalHealth)]),
        // G: Reception age (born 2020/21): compulsory school age starts 31 Dec 2025, after the census.
        child(7, birthAY: 2020, episodes: [(LocalDate(2025, 9, 1), nil, .other)]),
    ]

    func count() -> CensusCount {
        var count = CensusCount(date: Self.census)
        for clear in Self.register { count.add(clear) }
        return count
    }

    @Test("live EHE on the census date, worked by hand")
    func handCounts() {
        let count = count()
        #expect(count.total == 3)
        #expect(count.bySex == [.female: 2, .male: 1])
        // A: 2025 − 2010 − 5 = Year 10; C: Year 3; D: 2025 − 2012 − 5 = Year 8.
        #expect(count.byYearGroup == [10: 1, 3: 1, 8: 1])
        // D counts under the reason of the episode covering the census date.
        #expect(count.byReason == [.mentalHealth: 1, .other: 1, .philosophicalPreferential: 1])
    }

    func file(_ mode: DisclosureMode) -> [[String]] {
        let authority = EHECensusFile.Authority(
            oldCode: "999",
            newCode: "E09999999",
            name: "Example",
            regionCode: "E12000009",
            regionName: "South West",
            population5to16: 1000
        )
        let text = EHECensusFile(authority: authority, academicYear: 2025, termLabel: "Autumn term", mode: mode).csv(count())
        return text.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test("the exact file lists every category with DfE labels, percentages and the rate on the Total row")
    func exactFile() {
        let rows = file(.exact)
        #expect(rows[0] == EHECensusFile.columns)
        #expect(rows.count == 1 + 1 + 3 + 12 + 19)
        let total = rows[1]
        #expect(total[0] == "202526" && total[10] == "Total" && total[12] == "3" && total[13] == "100" && total[14] == "0.3")
        let female = rows.first { $0[11] == "Female" }!
        #expect(female[12] == "2" && female[13] == "67" && female[14] == "x")
        #expect(rows.first { $0[11] == "Year 10" }![12] == "1")
        #expect(rows.first { $0[11] == "Philosophical or preferential" }![12] == "1")
    }

    @Test("with DfE rounding no count from 1 to 9 is published; small non-zero counts are 'low'")
    func roundedFile() {
        let rows = file(.rounding(base: 10)).dropFirst()
        #expect(rows.allSatisfy { row in Int(row[12]).map { $0 % 10 == 0 } ?? ["low"].contains(row[12]) })
        #expect(rows.first { $0[10] == "Total" }![12] == "low")
    }

    @Test("with suppression no count from 1 to N-1 is published and nothing hidden can be worked out, over all breakdowns")
    func suppressedFile() {
        var count = CensusCount(date: Self.census)
        var generator = SeededGenerator(seed: 5)
        // A bigger register: 300 children with skewed categories, so some cells are small.
        for number in 1...300 {
            let reason = PrimaryReason.allCases[
                Int.random(in: 0..<4, using: &generator) == 0 ? Int.random(in: 0..<19, using: &generator) : 0
            ]
            count.add(
                Self.child(
                    Int64(number),
                    sex: Int.random(in: 0..<100, using: &generator) < 2 ? .unknown : (number % 2 == 0 ? .female : .male),
                    birthAY: 2009 + Int.random(in: 1...11, using: &generator),
                    episodes: [(LocalDate(2025, 1, 6), nil, reason)]
                )
            )
        }
        let table = count.disclosureTable
        let published = DisclosureControl.apply(table, mode: .suppression(threshold: 6))
        #expect(published.values.allSatisfy { $0.number.map { !(1..<6).contains($0) } ?? true })
        #expect(published.values.contains(.suppressed))
        #expect(IndependentRecovery.recovered(table, published).isEmpty)
        #expect(published["Total"] == .count(count.total))
    }
}

@Suite("Academic-year measures (at any point, starts, returns, enforcement)")
struct AcademicYearCountTests {
    typealias C = CensusCountTests

    func withEnforcement(_ clear: ClearCase, _ steps: [(EnforcementKind, LocalDate)]) -> ClearCase {
        var clear = clear
        clear.enforcement = steps.map { ClearCase.EnforcementStep(kind: $0.0, date: $0.1) }
        return clear
    }

    @Test("worked by hand for 2024/25")
    func handCounts() {
        var returned = C.child(2, sex: .male, birthAY: 2012, episodes: [(LocalDate(2023, 5, 1), LocalDate(2024, 12, 1), .lifestyle)])
        returned.episodes[0].endReason = .returnedToSchool
        var twice = C.child(
            3,
            birthAY: 2011,
            episodes: [(LocalDate(2024, 9, 10), LocalDate(2025, 1, 5), .mentalHealth), (LocalDate(2025, 3, 3), nil, .mentalHealth)]
        )
        twice.episodes[0].endReason = .returnedToSchool
        twice.episodes[0].previousSchoolType = .academy
        twice.episodes[1].previousSchoolType = .laMaintained
        var moved = C.child(4, birthAY: 2013, episodes: [(LocalDate(2024, 1, 8), LocalDate(2025, 8, 31), .other)])
        moved.episodes[0].endReason = .movedLA
        let register = [
            // 1: open all year, a s.437 notice and an SAO in the year, a revocation the year after.
            withEnforcement(
                C.child(1, birthAY: 2010, episodes: [(LocalDate(2023, 1, 9), nil, .other)]),
                [(.s437Notice, LocalDate(2024, 10, 1)), (.saoIssued, LocalDate(2024, 12, 2)), (.saoRevoked, LocalDate(2025, 9, 1))]
            ),
            returned,  // 2: returned in December: at any point, a return.
            twice,  // 3: two starts and a return in the year: counted once each; first start's school type.
            moved,  // 4: ended 31 August by moving away: at any point, another ending.
            // 5: started 1 September 2025, the next year: not counted.
            C.child(5, birthAY: 2012, episodes: [(LocalDate(2025, 9, 1), nil, .other)]),
            // 6: lives elsewhere: not counted.
            C.child(6, birthAY: 2012, episodes: [(LocalDate(2024, 10, 1), nil, .other)], livesInLA: false),
            // 7: left compulsory school age on 28 June 2024, before the year: not counted.
            C.child(7, birthAY: 2007, episodes: [(LocalDate(2023, 1, 9), nil, .other)]),
        ]
        var count = AcademicYearCount(year: 2024)
        for clear in register { count.add(clear) }
        #expect(count.atAnyPoint == 4)
        #expect(count.starts == 1 && count.startsByPreviousSchool == [.academy: 1])
        #expect(count.returns == 2 && count.otherEndings == 1)
        #expect(count.s437Notices == 1 && count.saosIssued == 1 && count.saosRevoked == 0)
        let row = count.row(mode: .exact)
        #expect(row["ehe_schtype_acad"] == "1" && row["ehe_schtype_acad_pc"] == "100" && row["ehe_schtype_lamain_pc"] == "0")
    }

    @Test("suppression covers starts by previous school type and their percentages")
    func suppression() {
        var count = AcademicYearCount(year: 2024)
        var generator = SeededGenerator(seed: 9)
        for number in 1...200 {
            var clear = C.child(Int64(number), birthAY: 2011, episodes: [(LocalDate(2024, 10, 1), nil, .other)])
            clear.episodes[0].previousSchoolType =
                Int.random(in: 0..<10, using: &generator) < 8 ? .academy : PreviousSchoolType.allCases.randomElement(using: &generator)
            count.add(clear)
        }
        let row = count.row(mode: .suppression(threshold: 6))
        for type in PreviousSchoolType.allCases {
            let key = "ehe_schtype_" + type.dfeSuffix
            if row[key] == "c" { #expect(row[key + "_pc"] == "c") }
            if let value = Int(row[key] ?? "") { #expect(!(1..<6).contains(value)) }
        }
        let published = DisclosureControl.apply(count.disclosureTable, mode: .suppression(threshold: 6))
        #expect(IndependentRecovery.recovered(count.disclosureTable, published).isEmpty)
    }
}
