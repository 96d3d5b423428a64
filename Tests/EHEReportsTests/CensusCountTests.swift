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
