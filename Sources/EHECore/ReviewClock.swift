/// The LA's review intervals (DOMAIN.md §6–7, §15 q.10). Defaults follow the 2019 EHE guidance and the
/// SEND Code of Practice; an LA may set them in `Config/settings.json` under `policy`.
public struct ReviewPolicy: Sendable, Hashable, Codable {
    /// Months from the last substantive contact (or the episode start) to the next annual contact.
    public var annualContactMonths: Int
    /// Months from the EHCP issue date or the last annual review meeting to the next review.
    public var ehcpReviewMonths: Int
    /// Days after a review meeting within which the LA must notify its decision (4 weeks).
    public var ehcpDecisionDays: Int

    public init(annualContactMonths: Int = 12, ehcpReviewMonths: Int = 12, ehcpDecisionDays: Int = 28) {
        self.annualContactMonths = annualContactMonths
        self.ehcpReviewMonths = ehcpReviewMonths
        self.ehcpDecisionDays = ehcpDecisionDays
    }
}

/// Due dates of the review clocks. Month arithmetic clamps to month ends (`LocalDate.adding(months:)`):
/// 12 months after 29 Feb 2024 is 28 Feb 2025; 1 month after 31 Jan is the last day of February. A clamped
/// date is earlier than the "anniversary", never later, so a duty is never missed.
public enum ReviewClock {
    /// When the next annual contact is due: `annualContactMonths` after the latest substantive contact on or
    /// after the open episode's start, or after the episode start when there has been none. Nil when no
    /// episode is open.
    public static func annualContactDue(for record: CaseRecord, policy: ReviewPolicy = ReviewPolicy()) -> LocalDate? {
        guard let episode = record.openEpisode else { return nil }
        let lastSubstantive = record.contacts
            .filter { $0.substantive && $0.date >= episode.startDate }
            .map(\.date)
            .max()
        return (lastSubstantive ?? episode.startDate).adding(months: policy.annualContactMonths)
    }

    /// When the next EHCP annual review meeting is due: 12 months after the last meeting, or after the
    /// issue date when there has been none.
    public static func ehcpReviewDue(for plan: EHCP, policy: ReviewPolicy = ReviewPolicy()) -> LocalDate {
        let last = plan.reviews.map(\.meetingDate).max() ?? plan.issueDate
        return last.adding(months: policy.ehcpReviewMonths)
    }

    /// When the LA's decision after the review meeting `review` is due: 4 weeks after the meeting, and no
    /// later than the 12-month date that meeting was held against.
    public static func ehcpDecisionDue(
        for review: AnnualReview,
        in plan: EHCP,
        policy: ReviewPolicy = ReviewPolicy()
    ) -> LocalDate {
        let previous = plan.reviews.map(\.meetingDate).filter { $0 < review.meetingDate }.max() ?? plan.issueDate
        let twelveMonthDate = previous.adding(months: policy.ehcpReviewMonths)
        return min(review.meetingDate.adding(days: policy.ehcpDecisionDays), twelveMonthDate)
    }

    /// The decision still awaited, if the latest review meeting has none yet: that review and its due date.
    public static func pendingDecision(
        in plan: EHCP,
        policy: ReviewPolicy = ReviewPolicy()
    ) -> (review: AnnualReview, due: LocalDate)? {
        guard let latest = plan.reviews.max(by: { $0.meetingDate < $1.meetingDate }), latest.decisionDate == nil else {
            return nil
        }
        return (latest, ehcpDecisionDue(for: latest, in: plan, policy: policy))
    }
}
