import EHEApp
import EHECore
import Testing

@Suite("Synthetic demo registers")
struct DemoRegisterTests {
    let today = LocalDate(2026, 11, 30)

    @Test("every synthetic case is valid")
    func casesAreValid() {
        var demo = DemoRegister(seed: 7, today: today, postcodePrefixes: ["EX1", "TQ1"])
        for index in 0..<3_000 {
            let problems = demo.next().problems(today: today)
            #expect(problems.isEmpty, "case \(index): \(problems)")
            if !problems.isEmpty { break }
        }
    }

    @Test("issue 16 item 8: notices end (satisfied, no further action, or an SAO naming a school); none stays overdue for ever")
    func noticesEnd() {
        var demo = DemoRegister(seed: 3, today: today, postcodePrefixes: ["EX1"])
        let records = (0..<4000).map { _ in demo.next() }
        let notices = records.flatMap(\.enforcement).filter { $0.kind == .s437Notice }
        #expect(notices.count > 50)
        // Only a notice whose period ended within a week of the episode's last day may still await an outcome.
        let waiting = notices.filter { $0.outcome == nil }
        #expect(Double(waiting.count) / Double(notices.count) < 0.1, "\(waiting.count) of \(notices.count) notices have no outcome")
        let orders = records.flatMap(\.enforcement).filter { $0.kind == .saoIssued }
        #expect(!orders.isEmpty && orders.allSatisfy { $0.namedSchoolURN.map(Identifiers.isValidURN) == true })
        let revoked = records.flatMap(\.enforcement).filter { $0.kind == .saoRevoked }
        #expect(revoked.allSatisfy { $0.revocationReason != nil })
    }

    @Test("the same seed gives the same children; another seed does not")
    func deterministic() {
        var first = DemoRegister(seed: 42, today: today, postcodePrefixes: ["EX1"])
        var second = DemoRegister(seed: 42, today: today, postcodePrefixes: ["EX1"])
        var third = DemoRegister(seed: 43, today: today, postcodePrefixes: ["EX1"])
        let a = (0..<50).map { _ in first.next() }
        #expect(a == (0..<50).map { _ in second.next() })
        #expect(a != (0..<50).map { _ in third.next() })
    }

    @Test("the register has the national shape: Years 10–11 about a third, EHCP about 6–7%, ~28% closed")
    func shape() {
        var demo = DemoRegister(seed: 1, today: today, postcodePrefixes: ["EX1"])
        let records = (0..<10_000).map { _ in demo.next() }
        func share(_ predicate: (CaseRecord) -> Bool) -> Double {
            Double(records.filter(predicate).count) / Double(records.count)
        }
        let y1011 = share { [10, 11].contains(SchoolCalendar.yearGroup(dateOfBirth: $0.child.dateOfBirth, on: today)) }
        #expect((0.32...0.40).contains(y1011))
        #expect((0.05...0.08).contains(share { $0.senProvision == .ehcp }))
        #expect((0.25...0.31).contains(share { $0.status == .closed }))
        let unknownOrNoReason = share { [.unknown, .noReasonGiven].contains($0.episodes[0].primaryReason) }
        #expect((0.26...0.31).contains(unknownOrNoReason))
        #expect((0.50...0.53).contains(share { $0.child.sex == .female }))
    }
}
