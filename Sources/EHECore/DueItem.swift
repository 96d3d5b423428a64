/// What falls due on a case (DOMAIN.md §4.4, §6–7, §9; DESIGN.md §5).
public enum DueKind: String, CodeList {
    /// First contact with the family after the LA learns of the home education.
    case initialContact = "initial_contact"
    /// The annual contact: 12 months after the last substantive contact, or the episode start.
    case annualContact = "annual_contact"
    /// The EHCP annual review meeting: 12 months after the last meeting, or the issue date.
    case ehcpReview = "ehcp_review"
    /// The LA's decision after a review meeting: 4 weeks after it, and within the 12 months.
    case ehcpDecision = "ehcp_decision"
    /// The last day of the period a s.437(1) notice gives the parent.
    case s437Expiry = "s437_expiry"
    /// The target date of an active return-to-school plan.
    case returnPlanTarget = "return_plan_target"
    /// A consent decision still to be made (special school placement, s.47, SAO).
    case consentDecision = "consent_decision"
    /// The end of compulsory school age: the episode closes itself the day after.
    case endOfCompulsorySchoolAge = "csa_end"

    public static let listName = "due item kind"

    public var label: String {
        switch self {
        case .initialContact: "Initial contact"
        case .annualContact: "Annual contact"
        case .ehcpReview: "EHCP annual review"
        case .ehcpDecision: "EHCP review decision"
        case .s437Expiry: "s.437 notice period ends"
        case .returnPlanTarget: "Return to school target date"
        case .consentDecision: "Consent decision"
        case .endOfCompulsorySchoolAge: "End of compulsory school age"
        }
    }
}

/// Whether a due item is late, due now, or further off.
public enum DueStatus: String, Sendable, Codable, CaseIterable {
    case overdue, due, upcoming

    /// Overdue when the date has passed; due from `dueSoonDays` before the date to the date itself.
    public static func of(_ date: LocalDate, asOf: LocalDate, dueSoonDays: Int) -> DueStatus {
        if date < asOf { return .overdue }
        return asOf.days(until: date) <= dueSoonDays ? .due : .upcoming
    }
}

/// One thing due on one case. Carries no personal data: reference, kind, date, officer.
public struct DueItem: Sendable, Hashable, Codable {
    public var reference: CaseReference
    public var kind: DueKind
    public var dueDate: LocalDate
    /// Nil when the case is unassigned.
    public var officer: String?
    /// Goes up each time the item's date changes (iCalendar SEQUENCE).
    public var sequence: Int

    public init(reference: CaseReference, kind: DueKind, dueDate: LocalDate, officer: String?, sequence: Int = 0) {
        self.reference = reference
        self.kind = kind
        self.dueDate = dueDate
        self.officer = officer
        self.sequence = sequence
    }
}

/// The LA's reminder policy: review clocks plus the working-day deadlines the LA sets itself.
public struct DuePolicy: Sendable, Hashable, Codable {
    public var review: ReviewPolicy
    /// Working days from notification to the first contact (LA policy; default 10).
    public var initialContactWorkingDays: Int
    /// Working days from a consent request to the LA's decision (LA policy; default 10).
    public var consentDecisionWorkingDays: Int
    /// How many days before its date an item counts as "due" rather than "upcoming" (default 14).
    public var dueSoonDays: Int

    public init(
        review: ReviewPolicy = ReviewPolicy(),
        initialContactWorkingDays: Int = 10,
        consentDecisionWorkingDays: Int = 10,
        dueSoonDays: Int = 14
    ) {
        self.review = review
        self.initialContactWorkingDays = initialContactWorkingDays
        self.consentDecisionWorkingDays = consentDecisionWorkingDays
        self.dueSoonDays = dueSoonDays
    }
}

/// Turns a case into its due items. Only cases with an open episode have any: a closed case is not
/// monitored. Items that would fall after the end of compulsory school age are not made, except the
/// end itself (the register closes the episode then).
public struct DueRules: Sendable {
    public let policy: DuePolicy
    public let calendar: WorkingDayCalendar

    public init(policy: DuePolicy, calendar: WorkingDayCalendar) {
        self.policy = policy
        self.calendar = calendar
    }

    /// A short text that changes whenever the policy or the bank holidays change, so stored due items
    /// made under another policy can be recognised and recomputed.
    public var fingerprint: String {
        var text = "v2|\(policy.review.annualContactMonths)|\(policy.review.ehcpReviewMonths)|\(policy.review.ehcpDecisionDays)"
        text += "|\(policy.initialContactWorkingDays)|\(policy.consentDecisionWorkingDays)|"
        text += calendar.bankHolidays.map(\.iso).sorted().joined(separator: ",")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    public func items(for reference: CaseReference, _ record: CaseRecord) -> [DueItem] {
        guard let episode = record.openEpisode else { return [] }
        let csaEnd = SchoolCalendar.compulsorySchoolAgeEnd(dateOfBirth: record.child.dateOfBirth)
        var items: [DueItem] = []
        func add(_ kind: DueKind, _ date: LocalDate?) {
            guard let date, date <= csaEnd || kind == .endOfCompulsorySchoolAge else { return }
            items.append(DueItem(reference: reference, kind: kind, dueDate: date, officer: record.assignedOfficer))
        }
        let contactsThisEpisode = record.contacts.filter { $0.date >= episode.startDate }
        if contactsThisEpisode.isEmpty {
            let notified = episode.notificationDate ?? episode.startDate
            add(.initialContact, calendar.adding(workingDays: policy.initialContactWorkingDays, to: notified))
        }
        add(.annualContact, ReviewClock.annualContactDue(for: record, policy: policy.review))
        if let plan = record.ehcp, record.senProvision == .ehcp {
            add(.ehcpReview, ReviewClock.ehcpReviewDue(for: plan, policy: policy.review))
            add(.ehcpDecision, ReviewClock.pendingDecision(in: plan, policy: policy.review)?.due)
        }
        // The latest s.437 notice, unless its outcome is recorded or a later step has followed it.
        let steps = record.enforcement.sorted { $0.date < $1.date }
        if let notice = steps.last(where: { $0.kind == .s437Notice }), notice.outcome == nil,
            !steps.contains(where: { $0.date > notice.date }), notice.date >= episode.startDate
        {
            // "Not less than 15 days beginning with the day on which the notice is served": the period's
            // last day is the service date plus the period, less one.
            add(.s437Expiry, notice.date.adding(days: max(notice.periodDays ?? 15, 15) - 1))
        }
        let active: Set<ReturnPlanStatus> = [.intended, .applied, .placeOffered, .placeAccepted]
        add(.returnPlanTarget, record.returnPlans.filter { active.contains($0.status) }.map(\.targetDate).min())
        let consent = episode.consent
        if consent.requirement != .notRequired, consent.decision == nil || consent.decision == .pending {
            let asked = consent.requestDate ?? episode.notificationDate ?? episode.startDate
            add(.consentDecision, calendar.adding(workingDays: policy.consentDecisionWorkingDays, to: asked))
        }
        add(.endOfCompulsorySchoolAge, csaEnd)
        return items
    }
}

/// Which due items to list.
public struct DueQuery: Sendable, Hashable {
    public var asOf: LocalDate
    /// Items due on or before `asOf + within` days (overdue ones included). Nil: every item.
    public var within: Int?
    /// Only items whose date has passed.
    public var overdueOnly: Bool
    /// Only this officer's items.
    public var officer: String?
    /// Only items of unassigned cases.
    public var unassignedOnly: Bool
    public var kind: DueKind?
    /// Only this case's items.
    public var reference: CaseReference?

    public init(
        asOf: LocalDate,
        within: Int? = nil,
        overdueOnly: Bool = false,
        officer: String? = nil,
        unassignedOnly: Bool = false,
        kind: DueKind? = nil
    ) {
        self.asOf = asOf
        self.within = within
        self.overdueOnly = overdueOnly
        self.officer = officer
        self.unassignedOnly = unassignedOnly
        self.kind = kind
    }

    /// The latest due date the query includes, if any limit.
    public var latestDate: LocalDate? {
        if overdueOnly { return asOf.adding(days: -1) }
        return within.map { asOf.adding(days: $0) }
    }

    public func includes(_ item: DueItem) -> Bool {
        if let latest = latestDate, item.dueDate > latest { return false }
        if let officer, item.officer != officer { return false }
        if unassignedOnly, item.officer != nil { return false }
        if let kind, item.kind != kind { return false }
        if let reference, item.reference != reference { return false }
        return true
    }
}

/// Count of due items for one officer, kind and month (for the workload forecast).
public struct DueCount: Sendable, Hashable, Codable {
    /// Nil for unassigned cases.
    public var officer: String?
    public var kind: DueKind
    /// `YYYY-MM`.
    public var month: String
    public var count: Int

    public init(officer: String?, kind: DueKind, month: String, count: Int) {
        self.officer = officer
        self.kind = kind
        self.month = month
        self.count = count
    }
}

/// Gives each recomputed item the sequence it should carry: unchanged items keep theirs, items whose
/// date moved get the next one, new items start at 0.
public enum DueSequencing {
    public static func sequenced(_ items: [DueItem], previous: [DueKind: (date: LocalDate, sequence: Int)]) -> [DueItem] {
        items.map { item in
            var item = item
            if let old = previous[item.kind] {
                item.sequence = old.date == item.dueDate ? old.sequence : old.sequence + 1
            }
            return item
        }
    }
}
