import EHECore
import EHETestSupport
import Testing

@Suite("Due items: what falls due, and when (DOMAIN.md §4.4, §6–7, §9)")
struct DueRulesTests {
    /// England and Wales bank holidays around Christmas 2026 and Easter 2027 (as in Config/bank-holidays.json).
    static let calendar = WorkingDayCalendar(
        bankHolidays: [
            LocalDate(2026, 12, 25), LocalDate(2026, 12, 28), LocalDate(2027, 1, 1), LocalDate(2027, 3, 26), LocalDate(2027, 3, 29),
        ]
    )
    let rules = DueRules(policy: DuePolicy(), calendar: Self.calendar)
    let reference = CaseReference(number: 1)

    func items(_ record: CaseRecord) -> [DueKind: LocalDate] {
        Dictionary(uniqueKeysWithValues: rules.items(for: reference, record).map { ($0.kind, $0.dueDate) })
    }

    @Test("working days skip weekends and bank holidays (Christmas 2026: 25th and the 28th substitute day)")
    func workingDays() {
        // Friday 18 December + 10 working days: 21–24 Dec, 29–31 Dec, 4–6 Jan.
        #expect(Self.calendar.adding(workingDays: 10, to: LocalDate(2026, 12, 18)) == LocalDate(2027, 1, 6))
        #expect(Self.calendar.adding(workingDays: 1, to: LocalDate(2027, 3, 25)) == LocalDate(2027, 3, 30))
        #expect(Self.calendar.adding(workingDays: 0, to: LocalDate(2027, 3, 27)) == LocalDate(2027, 3, 27))
    }

    @Test("initial contact: 10 working days after notification, until any contact in the episode")
    func initialContact() {
        var record = Fixtures.simpleRecord(start: LocalDate(2026, 12, 17))
        record.episodes[0].notificationDate = LocalDate(2026, 12, 18)
        #expect(items(record)[.initialContact] == LocalDate(2027, 1, 6))
        record.contacts = [
            Contact(date: LocalDate(2027, 1, 4), method: .letter, officer: "O", judgement: .notYetAssessed, substantive: false)
        ]
        #expect(items(record)[.initialContact] == nil)
        // The annual clock still runs from the start: the letter was not substantive.
        #expect(items(record)[.annualContact] == LocalDate(2027, 12, 17))
    }

    @Test("annual contact: from the last substantive contact, recorded late, across 29 February and month ends")
    func annualContact() {
        var record = Fixtures.simpleRecord(dateOfBirth: LocalDate(2014, 5, 5), start: LocalDate(2023, 1, 31))
        #expect(items(record)[.annualContact] == LocalDate(2024, 1, 31))
        record.contacts = [Contact(date: LocalDate(2024, 2, 29), method: .homeVisit, officer: "O", judgement: .suitable)]
        #expect(items(record)[.annualContact] == LocalDate(2025, 2, 28))
        // A contact recorded late (entered after its due date) still restarts the clock from the day it happened.
        record.contacts.append(Contact(date: LocalDate(2025, 3, 31), method: .email, officer: "O", judgement: .suitable))
        #expect(items(record)[.annualContact] == LocalDate(2026, 3, 31))
    }

    @Test("no annual contact after compulsory school age ends; the end of CSA itself is an item")
    func noContactAfterCSA() {
        // Year 11 in 2025/26: CSA ends Friday 26 June 2026. Last contact 1 September 2025 → next due 1 Sep 2026.
        var record = Fixtures.simpleRecord(dateOfBirth: LocalDate(2010, 6, 30), start: LocalDate(2025, 1, 6))
        record.contacts = [Contact(date: LocalDate(2025, 9, 1), method: .homeVisit, officer: "O", judgement: .suitable)]
        let due = items(record)
        #expect(due[.annualContact] == nil)
        #expect(due[.endOfCompulsorySchoolAge] == LocalDate(2026, 6, 26))
    }

    @Test("EHCP: review 12 months after the last meeting; a meeting with no decision yet gives a decision item")
    func ehcp() {
        var record = Fixtures.simpleRecord(start: LocalDate(2025, 1, 6))
        record.senProvision = .ehcp
        record.ehcp = EHCP(issueDate: LocalDate(2024, 3, 1))
        #expect(items(record)[.ehcpReview] == LocalDate(2025, 3, 1))
        #expect(items(record)[.ehcpDecision] == nil)
        record.ehcp?.reviews = [AnnualReview(meetingDate: LocalDate(2025, 2, 20))]
        #expect(items(record)[.ehcpReview] == LocalDate(2026, 2, 20))
        // 4 weeks after the meeting would be 20 March; the 12-month date from issue, 1 March, comes first.
        #expect(items(record)[.ehcpDecision] == LocalDate(2025, 3, 1))
        record.ehcp?.reviews[0].decisionDate = LocalDate(2025, 2, 27)
        record.ehcp?.reviews[0].decision = .maintain
        #expect(items(record)[.ehcpDecision] == nil)
    }

    @Test("s.437 notice: the period runs from the day of service; a later step ends the item")
    func s437() {
        var record = Fixtures.simpleRecord(start: LocalDate(2025, 1, 6))
        record.enforcement = [EnforcementEvent(kind: .s437Notice, date: LocalDate(2026, 3, 2), periodDays: 15)]
        // 15 days beginning with Monday 2 March: the last day is Monday 16 March.
        #expect(items(record)[.s437Expiry] == LocalDate(2026, 3, 16))
        record.enforcement[0].periodDays = 28
        #expect(items(record)[.s437Expiry] == LocalDate(2026, 3, 29))
        record.enforcement.append(EnforcementEvent(kind: .saoIssued, date: LocalDate(2026, 4, 20)))
        #expect(items(record)[.s437Expiry] == nil)
    }

    @Test("return plans: the earliest active target; withdrawn and completed plans do not count")
    func returnPlans() {
        var record = Fixtures.simpleRecord(start: LocalDate(2025, 1, 6))
        record.returnPlans = [
            ReturnPlan(targetDate: LocalDate(2026, 9, 3), status: .withdrawn),
            ReturnPlan(targetDate: LocalDate(2027, 1, 5), status: .applied),
            ReturnPlan(targetDate: LocalDate(2027, 4, 19), status: .intended),
        ]
        #expect(items(record)[.returnPlanTarget] == LocalDate(2027, 1, 5))
        record.returnPlans[1].status = .returned
        #expect(items(record)[.returnPlanTarget] == LocalDate(2027, 4, 19))
    }

    @Test("a pending consent decision is due 10 working days after the request")
    func consent() {
        var record = Fixtures.simpleRecord(start: LocalDate(2026, 11, 2))
        record.episodes[0].consent = Consent(requirement: .specialSchoolPlacement, requestDate: LocalDate(2026, 11, 2), decision: .pending)
        #expect(items(record)[.consentDecision] == LocalDate(2026, 11, 16))
        record.episodes[0].consent.decision = .granted
        record.episodes[0].consent.decisionDate = LocalDate(2026, 11, 10)
        #expect(items(record)[.consentDecision] == nil)
    }

    @Test("a closed case has no due items; items carry the assigned officer")
    func closedAndOfficer() {
        var record = Fixtures.simpleRecord(start: LocalDate(2025, 1, 6))
        record.assignedOfficer = "J. Officer"
        #expect(rules.items(for: reference, record).allSatisfy { $0.officer == "J. Officer" })
        record.episodes[0].endDate = LocalDate(2025, 6, 1)
        record.episodes[0].endReason = .movedLA
        #expect(rules.items(for: reference, record).isEmpty)
    }

    @Test("status: overdue after the date, due within the due-soon window, upcoming beyond")
    func status() {
        let today = LocalDate(2026, 11, 30)
        #expect(DueStatus.of(LocalDate(2026, 11, 29), asOf: today, dueSoonDays: 14) == .overdue)
        #expect(DueStatus.of(today, asOf: today, dueSoonDays: 14) == .due)
        #expect(DueStatus.of(LocalDate(2026, 12, 14), asOf: today, dueSoonDays: 14) == .due)
        #expect(DueStatus.of(LocalDate(2026, 12, 15), asOf: today, dueSoonDays: 14) == .upcoming)
    }

    @Test("sequence: unchanged items keep it, moved items get the next, new items start at 0")
    func sequencing() {
        let moved = DueItem(reference: reference, kind: .annualContact, dueDate: LocalDate(2027, 1, 1), officer: nil)
        let same = DueItem(reference: reference, kind: .ehcpReview, dueDate: LocalDate(2027, 2, 1), officer: nil)
        let new = DueItem(reference: reference, kind: .s437Expiry, dueDate: LocalDate(2027, 3, 1), officer: nil)
        let result = DueSequencing.sequenced(
            [moved, same, new],
            previous: [.annualContact: (LocalDate(2026, 12, 1), 2), .ehcpReview: (LocalDate(2027, 2, 1), 1)]
        )
        #expect(result.map(\.sequence) == [3, 1, 0])
    }

    @Test("the rules' fingerprint changes with the policy and with the bank holidays")
    func fingerprint() {
        var policy = DuePolicy()
        policy.initialContactWorkingDays = 15
        #expect(DueRules(policy: policy, calendar: Self.calendar).fingerprint != rules.fingerprint)
        #expect(DueRules(policy: DuePolicy(), calendar: WorkingDayCalendar(bankHolidays: [])).fingerprint != rules.fingerprint)
        #expect(DueRules(policy: DuePolicy(), calendar: Self.calendar).fingerprint == rules.fingerprint)
    }
}
