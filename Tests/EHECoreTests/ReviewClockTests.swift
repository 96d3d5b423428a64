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

    @Test("issue 16 item 5: a late meeting's decision is due 4 weeks after it, never before it (DOMAIN.md §7)")
    func lateMeetingDecision() {
        // The review's worked example: issued 2022-06-01, meeting 2024-05-20 (its 12-month date was
        // 2023-06-01). The old rule said the decision was due 2023-06-01, before the meeting.
        let plan = EHCP(issueDate: LocalDate(2022, 6, 1), reviews: [AnnualReview(meetingDate: LocalDate(2024, 5, 20))])
        #expect(ReviewClock.ehcpDecisionDue(for: plan.reviews[0], in: plan) == LocalDate(2024, 6, 17))
        #expect(ReviewClock.lateReviews(in: plan) == plan.reviews, "the late review is its own fact")
        // The 12-month date on the meeting day itself, and the last day before the 4 weeks are up.
        let onTheDay = EHCP(issueDate: LocalDate(2024, 3, 1), reviews: [AnnualReview(meetingDate: LocalDate(2025, 3, 1))])
        #expect(ReviewClock.ehcpDecisionDue(for: onTheDay.reviews[0], in: onTheDay) == LocalDate(2025, 3, 1))
        #expect(ReviewClock.lateReviews(in: onTheDay).isEmpty)
        let dayAfter = EHCP(issueDate: LocalDate(2024, 3, 1), reviews: [AnnualReview(meetingDate: LocalDate(2025, 3, 2))])
        #expect(ReviewClock.ehcpDecisionDue(for: dayAfter.reviews[0], in: dayAfter) == LocalDate(2025, 3, 30))
        // Second meeting: anchored on the first meeting, not the issue date.
        let second = EHCP(
            issueDate: LocalDate(2023, 1, 10),
            reviews: [AnnualReview(meetingDate: LocalDate(2024, 1, 5)), AnnualReview(meetingDate: LocalDate(2024, 12, 20))]
        )
        #expect(ReviewClock.ehcpDecisionDue(for: second.reviews[1], in: second) == LocalDate(2025, 1, 5))
        // Every decision is due on or after its meeting, for meetings on any day of four years.
        for offset in stride(from: 0, through: 1460, by: 7) {
            let meeting = LocalDate(2022, 6, 1).adding(days: offset + 1)
            let any = EHCP(issueDate: LocalDate(2022, 6, 1), reviews: [AnnualReview(meetingDate: meeting)])
            #expect(ReviewClock.ehcpDecisionDue(for: any.reviews[0], in: any) >= meeting)
        }
    }

    @Test("issue 16 items 6–7: a re-issued plan's clock runs from the re-issue; a cease decision ends the clock")
    func reissueAndCease() {
        // Reviewed 2024-03-04, amended and re-issued 2024-06-10: next review by 2025-06-10, and the record is valid.
        var plan = EHCP(
            issueDate: LocalDate(2024, 6, 10),
            reviews: [AnnualReview(meetingDate: LocalDate(2024, 3, 4), decisionDate: LocalDate(2024, 3, 25), decision: .amend)]
        )
        #expect(ReviewClock.ehcpReviewDue(for: plan) == LocalDate(2025, 6, 10))
        var record = Fixtures.simpleRecord(dateOfBirth: LocalDate(2015, 5, 5), start: LocalDate(2025, 1, 6))
        record.senProvision = .ehcp
        record.ehcp = plan
        #expect(record.problems(today: LocalDate(2026, 11, 30)) == [])
        // Meetings out of order among themselves are still refused.
        record.ehcp?.reviews.append(AnnualReview(meetingDate: LocalDate(2024, 1, 1)))
        #expect(record.problems(today: LocalDate(2026, 11, 30)).map(\.field) == ["ehcp.reviews[1].meetingDate"])
        // Cease: no next review and no review reminder.
        plan.reviews = [AnnualReview(meetingDate: LocalDate(2025, 5, 1), decisionDate: LocalDate(2025, 5, 20), decision: .cease)]
        #expect(ReviewClock.ehcpReviewDue(for: plan) == nil)
        record.ehcp = plan
        let rules = DueRules(policy: DuePolicy(), calendar: WorkingDayCalendar(bankHolidays: []))
        let kinds = rules.items(for: CaseReference(number: 1), record).map(\.kind)
        #expect(!kinds.contains(.ehcpReview) && !kinds.contains(.ehcpDecision))
        plan.reviews[0].decision = .maintain
        record.ehcp = plan
        #expect(rules.items(for: CaseReference(number: 1), record).map(\.kind).contains(.ehcpReview))
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
