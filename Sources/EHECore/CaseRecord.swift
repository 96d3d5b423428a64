// The register's domain types. Plain values: no I/O, no encryption; adapters decide how they are stored.
// Fields marked "sealed" are personal data and never reach storage in plaintext (DESIGN.md §4).

/// A postal address. Sealed.
public struct PostalAddress: Sendable, Hashable {
    public var line1: String
    public var line2: String?
    public var town: String?
    public var postcode: String

    public init(line1: String, line2: String? = nil, town: String? = nil, postcode: String) {
        self.line1 = line1
        self.line2 = line2
        self.town = town
        self.postcode = postcode
    }
}

/// The child. Names, date of birth, UPN and address are sealed; sex is kept clear for statistics.
public struct Child: Sendable, Hashable {
    public var forenames: String
    public var surname: String
    public var preferredName: String?
    public var dateOfBirth: LocalDate
    public var sex: Sex
    /// Unique pupil number, 13 characters with a check letter first (DOMAIN.md §14).
    public var upn: String?
    public var address: PostalAddress?

    public init(
        forenames: String,
        surname: String,
        preferredName: String? = nil,
        dateOfBirth: LocalDate,
        sex: Sex,
        upn: String? = nil,
        address: PostalAddress? = nil
    ) {
        self.forenames = forenames
        self.surname = surname
        self.preferredName = preferredName
        self.dateOfBirth = dateOfBirth
        self.sex = sex
        self.upn = upn
        self.address = address
    }
}

/// A parent or carer (436C(1)(b)–(d)). Sealed.
public struct ParentCarer: Sendable, Hashable {
    public var name: String
    public var relationship: String?
    public var address: PostalAddress?
    public var livesWithChild: Bool
    public var parentalResponsibility: Bool
    public var phones: [String]
    public var email: String?
    public var providesEducation: Bool
    /// Hours a week of education this parent provides (held per parent until 436C(1)(d) is settled).
    public var hoursPerWeek: Double?

    public init(
        name: String,
        relationship: String? = nil,
        address: PostalAddress? = nil,
        livesWithChild: Bool = true,
        parentalResponsibility: Bool = true,
        phones: [String] = [],
        email: String? = nil,
        providesEducation: Bool = true,
        hoursPerWeek: Double? = nil
    ) {
        self.name = name
        self.relationship = relationship
        self.address = address
        self.livesWithChild = livesWithChild
        self.parentalResponsibility = parentalResponsibility
        self.phones = phones
        self.email = email
        self.providesEducation = providesEducation
        self.hoursPerWeek = hoursPerWeek
    }
}

/// Another person or organisation providing education (436C(1)(e)). Sealed.
public struct EducationProvider: Sendable, Hashable {
    public var name: String
    public var type: ProviderType
    public var address: PostalAddress?
    public var website: String?
    public var email: String?
    public var hoursPerWeek: Double?
    public var hoursWithoutParentPerWeek: Double?
    public var from: LocalDate?
    public var to: LocalDate?

    public init(
        name: String,
        type: ProviderType,
        address: PostalAddress? = nil,
        website: String? = nil,
        email: String? = nil,
        hoursPerWeek: Double? = nil,
        hoursWithoutParentPerWeek: Double? = nil,
        from: LocalDate? = nil,
        to: LocalDate? = nil
    ) {
        self.name = name
        self.type = type
        self.address = address
        self.website = website
        self.email = email
        self.hoursPerWeek = hoursPerWeek
        self.hoursWithoutParentPerWeek = hoursWithoutParentPerWeek
        self.from = from
        self.to = to
    }
}

/// The school the child left. Clear: a school is not personal data, and aggregates need its type.
public struct PreviousSchool: Sendable, Hashable {
    /// Unique reference number of the school (6 digits).
    public var urn: String?
    public var type: PreviousSchoolType

    public init(urn: String? = nil, type: PreviousSchoolType) {
        self.urn = urn
        self.type = type
    }
}

/// What the school's deletion return said (DOMAIN.md §8). The parents' details it carried are held
/// with the parents; these are the dates and ground, kept clear for timeliness checks.
public struct DeletionReturn: Sendable, Hashable {
    /// The deletion ground, e.g. "reg 9(1)(f)".
    public var ground: String?
    public var groundMetDate: LocalDate?
    public var removedFromRollDate: LocalDate?
    public var returnReceivedDate: LocalDate?

    public init(
        ground: String? = nil,
        groundMetDate: LocalDate? = nil,
        removedFromRollDate: LocalDate? = nil,
        returnReceivedDate: LocalDate? = nil
    ) {
        self.ground = ground
        self.groundMetDate = groundMetDate
        self.removedFromRollDate = removedFromRollDate
        self.returnReceivedDate = returnReceivedDate
    }
}

/// Whether LA consent was needed to withdraw the child, and what was decided (DOMAIN.md §4.2, §5).
public struct Consent: Sendable, Hashable {
    public var requirement: ConsentRequirement
    public var requestDate: LocalDate?
    public var decision: ConsentDecision?
    public var decisionDate: LocalDate?

    public init(
        requirement: ConsentRequirement = .notRequired,
        requestDate: LocalDate? = nil,
        decision: ConsentDecision? = nil,
        decisionDate: LocalDate? = nil
    ) {
        self.requirement = requirement
        self.requestDate = requestDate
        self.decision = decision
        self.decisionDate = decisionDate
    }
}

/// One period of elective home education. A child may have several; at most one is open.
public struct Episode: Sendable, Hashable {
    public var startDate: LocalDate
    public var notificationSource: NotificationSource
    public var notificationDate: LocalDate?
    public var previousSchool: PreviousSchool?
    public var deletionReturn: DeletionReturn?
    public var consent: Consent
    public var primaryReason: PrimaryReason
    /// Further reasons, for local use; DfE takes only the primary one.
    public var additionalReasons: [PrimaryReason]
    /// The family's reasons in their words. Sealed.
    public var reasonNotes: String?
    public var endDate: LocalDate?
    public var endReason: EndReason?
    /// The school the child returned to, when the end reason is a return.
    public var returnSchoolURN: String?

    public init(
        startDate: LocalDate,
        notificationSource: NotificationSource,
        notificationDate: LocalDate? = nil,
        previousSchool: PreviousSchool? = nil,
        deletionReturn: DeletionReturn? = nil,
        consent: Consent = Consent(),
        primaryReason: PrimaryReason,
        additionalReasons: [PrimaryReason] = [],
        reasonNotes: String? = nil,
        endDate: LocalDate? = nil,
        endReason: EndReason? = nil,
        returnSchoolURN: String? = nil
    ) {
        self.startDate = startDate
        self.notificationSource = notificationSource
        self.notificationDate = notificationDate
        self.previousSchool = previousSchool
        self.deletionReturn = deletionReturn
        self.consent = consent
        self.primaryReason = primaryReason
        self.additionalReasons = additionalReasons
        self.reasonNotes = reasonNotes
        self.endDate = endDate
        self.endReason = endReason
        self.returnSchoolURN = returnSchoolURN
    }

    public var isOpen: Bool { endDate == nil }

    /// Whether the episode covers `date` (start and end days included).
    public func isActive(on date: LocalDate) -> Bool {
        startDate <= date && (endDate.map { date <= $0 } ?? true)
    }
}

/// A contact with the family and what the officer concluded.
public struct Contact: Sendable, Hashable {
    public var date: LocalDate
    public var method: ContactMethod
    public var officer: String
    public var judgement: SuitabilityJudgement
    /// Whether the contact counts as the annual update on the education (restarts the annual clock).
    /// A letter that went unanswered is recorded but is not substantive.
    public var substantive: Bool
    public var homeVisitRequested: Bool
    public var homeVisitDeclined: Bool
    /// What was discussed and seen. Sealed.
    public var notes: String?

    public init(
        date: LocalDate,
        method: ContactMethod,
        officer: String,
        judgement: SuitabilityJudgement,
        substantive: Bool = true,
        homeVisitRequested: Bool = false,
        homeVisitDeclined: Bool = false,
        notes: String? = nil
    ) {
        self.date = date
        self.method = method
        self.officer = officer
        self.judgement = judgement
        self.substantive = substantive
        self.homeVisitRequested = homeVisitRequested
        self.homeVisitDeclined = homeVisitDeclined
        self.notes = notes
    }
}

/// An EHCP annual review meeting and the LA's decision after it.
public struct AnnualReview: Sendable, Hashable {
    public var meetingDate: LocalDate
    public var decisionDate: LocalDate?
    public var decision: ReviewDecision?

    public init(meetingDate: LocalDate, decisionDate: LocalDate? = nil, decision: ReviewDecision? = nil) {
        self.meetingDate = meetingDate
        self.decisionDate = decisionDate
        self.decision = decision
    }
}

/// An education, health and care plan.
public struct EHCP: Sendable, Hashable {
    public var issueDate: LocalDate
    /// The LA that maintains the plan, when not this one (DfE LA number or name).
    public var maintainingLA: String?
    public var reviews: [AnnualReview]

    public init(issueDate: LocalDate, maintainingLA: String? = nil, reviews: [AnnualReview] = []) {
        self.issueDate = issueDate
        self.maintainingLA = maintainingLA
        self.reviews = reviews
    }
}

/// A dated social-care flag. Clear (counts are needed) but restricted.
public struct SocialCareStatus: Sendable, Hashable {
    public var flag: SocialCareFlag
    public var from: LocalDate
    public var to: LocalDate?

    public init(flag: SocialCareFlag, from: LocalDate, to: LocalDate? = nil) {
        self.flag = flag
        self.from = from
        self.to = to
    }
}

/// A plan for the child to return to school (DOMAIN.md §10).
public struct ReturnPlan: Sendable, Hashable {
    public var targetDate: LocalDate
    public var targetSchoolURN: String?
    public var status: ReturnPlanStatus
    /// Sealed.
    public var notes: String?

    public init(targetDate: LocalDate, targetSchoolURN: String? = nil, status: ReturnPlanStatus, notes: String? = nil) {
        self.targetDate = targetDate
        self.targetSchoolURN = targetSchoolURN
        self.status = status
        self.notes = notes
    }
}

/// A step on the enforcement route (DOMAIN.md §4.4).
public struct EnforcementEvent: Sendable, Hashable {
    public var kind: EnforcementKind
    public var date: LocalDate
    /// For a s.437(1) notice: the period the parent has to respond, at least 15 days.
    public var periodDays: Int?
    /// For a s.437(1) notice: how it ended, once the LA has decided (ends its `s437_expiry` reminder).
    public var outcome: S437Outcome?
    /// The day the outcome was decided; set exactly when `outcome` is.
    public var outcomeDate: LocalDate?
    /// For a school attendance order issued: the school it names (URN). Clear.
    public var namedSchoolURN: String?
    /// For a school attendance order revoked: why. Clear.
    public var revocationReason: SAORevocationReason?
    /// Sealed.
    public var notes: String?

    public init(
        kind: EnforcementKind,
        date: LocalDate,
        periodDays: Int? = nil,
        outcome: S437Outcome? = nil,
        outcomeDate: LocalDate? = nil,
        namedSchoolURN: String? = nil,
        revocationReason: SAORevocationReason? = nil,
        notes: String? = nil
    ) {
        self.kind = kind
        self.date = date
        self.periodDays = periodDays
        self.outcome = outcome
        self.outcomeDate = outcomeDate
        self.namedSchoolURN = namedSchoolURN
        self.revocationReason = revocationReason
        self.notes = notes
    }
}

/// Everything the register knows about one child.
public struct CaseRecord: Sendable, Hashable {
    public var child: Child
    public var parents: [ParentCarer]
    public var providers: [EducationProvider]
    public var senProvision: SENProvision
    public var ehcp: EHCP?
    public var socialCare: [SocialCareStatus]
    /// Oldest first. At most one is open, and it is the last.
    public var episodes: [Episode]
    public var contacts: [Contact]
    public var returnPlans: [ReturnPlan]
    public var enforcement: [EnforcementEvent]
    public var assignedOfficer: String?
    /// Planning area, derived from the child's postcode by the LA's lookup. Clear; set by the register.
    public var planningArea: String?
    /// Whether the child lives in the LA's area. Only resident children count as EHE in the LA's
    /// statistics (DOMAIN.md §1.1); a case may be kept for a child who lives elsewhere. Clear.
    public var livesInLA: Bool
    /// Case notes. Sealed.
    public var notes: String?

    public init(
        child: Child,
        parents: [ParentCarer] = [],
        providers: [EducationProvider] = [],
        senProvision: SENProvision = .unknown,
        ehcp: EHCP? = nil,
        socialCare: [SocialCareStatus] = [],
        episodes: [Episode],
        contacts: [Contact] = [],
        returnPlans: [ReturnPlan] = [],
        enforcement: [EnforcementEvent] = [],
        assignedOfficer: String? = nil,
        planningArea: String? = nil,
        livesInLA: Bool = true,
        notes: String? = nil
    ) {
        self.child = child
        self.parents = parents
        self.providers = providers
        self.senProvision = senProvision
        self.ehcp = ehcp
        self.socialCare = socialCare
        self.episodes = episodes
        self.contacts = contacts
        self.returnPlans = returnPlans
        self.enforcement = enforcement
        self.assignedOfficer = assignedOfficer
        self.planningArea = planningArea
        self.livesInLA = livesInLA
        self.notes = notes
    }

    /// The open episode, if any.
    public var openEpisode: Episode? { episodes.last(where: \.isOpen) }

    public var status: CaseStatus { openEpisode == nil ? .closed : .open }
}

/// Whether a case has an open EHE episode.
public enum CaseStatus: String, CodeList {
    case open, closed
    public static let listName = "case status"
    public var label: String { self == .open ? "Open" : "Closed" }
}

/// A case as stored: its reference and version (for optimistic concurrency) with the record.
public struct StoredCase: Sendable, Hashable {
    public var reference: CaseReference
    /// Starts at 1 and goes up by one with every change.
    public var version: Int
    public var record: CaseRecord

    public init(reference: CaseReference, version: Int, record: CaseRecord) {
        self.reference = reference
        self.version = version
        self.record = record
    }
}
