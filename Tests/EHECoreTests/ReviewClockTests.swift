import EHECore
import EHETestSupport
import Testing

@Suite("Review clocks: annual contact and EHCP review (DOMAIN.md §6–7)")
struct ReviewClockTests {
    @Test("with no contact yet, the annual contact is due 12 months after the episode started")
    func dueFromEpisodeStart() {
        let record = Fixtures.simpleRecord(start: LocalDate(2025, 1, 6))
        #expect(ReviewClock.annualContactDue(for: record) == LocalDate(2026, 1, 6))
    }

    @Test("a contact recorded late moves the clock to 12 months after that contact")
    func lateContact() {
        var record = Fixtures.simpleRecord(start: LocalDate(2024, 1, 31))
        record.contacts = [Contact(date: LocalDate(2025, 3, 20), method: .homeVisit, officer: "O", judgement: .suitable)]
        #expect(ReviewClock.annualContactDue(for: record) == LocalDate(2026, 3, 20))
    }

    @Test("an unanswered letter does not restart the annual clock")
    func nonSubstantiveContact() {
        var record = Fixtures.simpleRecord(start: LocalDate(2025, 1, 6))
        record.contacts = [
            Contact(date: LocalDate(2025, 2, 1), method: .phone, officer: "O", judgement: .suitable),
            Contact(date: LocalDate(2025, 6, 1), method: .letter, officer: "O", judgement: .notYetAssessed, substantive: false),
        ]
        #expect(ReviewClock.annualContactDue(for: record) == LocalDate(2026, 2, 1))
    }

    @Test("contacts from an earlier episode do not count for the new one; a closed case has no due contact")
    func contactsOfEarlierEpisodes() {
        var record = Fixtures.simpleRecord(start: LocalDate(2023, 1, 9))
        record.contacts = [Contact(date: LocalDate(2023, 6, 1), method: .email, officer: "O", judgement: .suitable)]
        record.episodes[0].endDate = LocalDate(2023, 9, 1)
        record.episodes[0].endReason = .returnedToSchool
        #expect(ReviewClock.annualContactDue(for: record) == nil)
        record.episodes.append(Episode(startDate: LocalDate(2025, 2, 28), notificationSource: .parent, primaryReason: .other))
        #expect(ReviewClock.annualContactDue(for: record) == LocalDate(2026, 2, 28))
    }

    @Test("a contact on 29 February is next due on 28 February (never later than the anniversary)")
    func leapDayContact() {
        var record = Fixtures.simpleRecord(start: LocalDate(2024, 1, 8))
        record.contacts = [Contact(date: LocalDate(2024, 2, 29), method: .homeVisit, officer: "O", judgement: .suitable)]
        #expect(ReviewClock.annualContactDue(for: record) == LocalDate(2025, 2, 28))
    }

    @Test("EHCP: first review 12 months after issue, then 12 months after the last meeting")
    func ehcpReviewDue() {
        var plan = EHCP(issueDate: LocalDate(2024, 2, 29))
        #expect(ReviewClock.ehcpReviewDue(for: plan) == LocalDate(2025, 2, 28))
        plan.reviews = [AnnualReview(meetingDate: LocalDate(2025, 1, 31))]
        #expect(ReviewClock.ehcpReviewDue(for: plan) == LocalDate(2026, 1, 31))
    }

    @Test("EHCP decision: 4 weeks after the meeting, but never after the 12-month date")
    func ehcpDecisionDue() {
        let plan = EHCP(issueDate: LocalDate(2024, 3, 1), reviews: [AnnualReview(meetingDate: LocalDate(2025, 2, 20))])
        // Meeting + 28 days = 20 March, but the 12-month date from issue is 1 March.
        #expect(ReviewClock.ehcpDecisionDue(for: plan.reviews[0], in: plan) == LocalDate(2025, 3, 1))
        let early = EHCP(issueDate: LocalDate(2024, 3, 1), reviews: [AnnualReview(meetingDate: LocalDate(2024, 12, 2))])
        #expect(ReviewClock.ehcpDecisionDue(for: early.reviews[0], in: early) == LocalDate(2024, 12, 30))
    }

    @Test("a review meeting with no decision yet is pending; once decided it is not")
    func pendingDecision() {
        var plan = EHCP(issueDate: LocalDate(2024, 3, 1), reviews: [AnnualReview(meetingDate: LocalDate(2025, 1, 10))])
        let pending = ReviewClock.pendingDecision(in: plan)
        #expect(pending?.due == LocalDate(2025, 2, 7))
        plan.reviews[0].decisionDate = LocalDate(2025, 2, 1)
        plan.reviews[0].decision = .maintain
        #expect(ReviewClock.pendingDecision(in: plan) == nil)
    }
}
