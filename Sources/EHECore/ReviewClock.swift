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

    /// When the next EHCP annual review meeting is due: 12 months after the later of the issue date (a plan
    /// may be re-issued after amendment) and the last meeting (DOMAIN.md §7). Nil once the latest review
    /// decided to cease the plan: there is no next review.
    public static func ehcpReviewDue(for plan: EHCP, policy: ReviewPolicy = ReviewPolicy()) -> LocalDate? {
        let latest = plan.reviews.max { $0.meetingDate < $1.meetingDate }
        if latest?.decision == .cease { return nil }
        return max(plan.issueDate, latest?.meetingDate ?? plan.issueDate).adding(months: policy.ehcpReviewMonths)
    }

    /// When the LA's decision after the review meeting `review` is due (DOMAIN.md §7): 4 weeks after the
    /// meeting, brought forward to the 12-month date the meeting was held against (from the later of the
    /// issue date and the previous meeting) only when that date falls on or after the meeting and before the
    /// 4 weeks are up. A meeting held after its 12-month date was a late review — its own fact — and its
    /// decision is still due 4 weeks after it, never before it.
    public static func ehcpDecisionDue(
        for review: AnnualReview,
        in plan: EHCP,
        policy: ReviewPolicy = ReviewPolicy()
    ) -> LocalDate {
        let fourWeeks = review.meetingDate.adding(days: policy.ehcpDecisionDays)
        guard let twelveMonthDate = dueBy(review, in: plan, policy: policy) else { return fourWeeks }
        return review.meetingDate <= twelveMonthDate && twelveMonthDate < fourWeeks ? twelveMonthDate : fourWeeks
    }

    /// Review meetings held after the 12-month date they were due by (from the later of the issue date
    /// and the previous meeting): late reviews, shown as their own fact (DOMAIN.md §7).
    public static func lateReviews(in plan: EHCP, policy: ReviewPolicy = ReviewPolicy()) -> [AnnualReview] {
        plan.reviews.filter { review in dueBy(review, in: plan, policy: policy).map { review.meetingDate > $0 } ?? false }
    }

    /// The 12-month date a meeting was held against: from the later of the issue date and the previous
    /// meeting before it (nil when the plan was issued after the meeting, i.e. re-issued since).
    static func dueBy(_ review: AnnualReview, in plan: EHCP, policy: ReviewPolicy) -> LocalDate? {
        let anchors = ([plan.issueDate] + plan.reviews.map(\.meetingDate)).filter { $0 < review.meetingDate }
        return anchors.max()?.adding(months: policy.ehcpReviewMonths)
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
