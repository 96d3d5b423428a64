/// Everything the register keeps in clear about a case (DESIGN.md §3): what statistics are made from.
/// Read without the keyring; holds nothing that identifies a child on its own.
public struct ClearCase: Sendable, Hashable {
    public struct ClearEpisode: Sendable, Hashable {
        public var start: LocalDate
        public var end: LocalDate?
        public var endReason: EndReason?
        public var primaryReason: PrimaryReason
        public var previousSchoolType: PreviousSchoolType?
        public var notificationSource: NotificationSource

        public init(
            start: LocalDate,
            end: LocalDate?,
            endReason: EndReason?,
            primaryReason: PrimaryReason,
            previousSchoolType: PreviousSchoolType?,
            notificationSource: NotificationSource
        ) {
            self.start = start
            self.end = end
            self.endReason = endReason
            self.primaryReason = primaryReason
            self.previousSchoolType = previousSchoolType
            self.notificationSource = notificationSource
        }

        public func isActive(on date: LocalDate) -> Bool {
            start <= date && (end.map { date <= $0 } ?? true)
        }
    }

    public var reference: CaseReference
    public var sex: Sex
    public var birthAcademicYear: Int
    public var compulsorySchoolAgeStart: LocalDate
    public var compulsorySchoolAgeEnd: LocalDate
    public var senProvision: SENProvision
    public var planningArea: String?
    public var livesInLA: Bool
    /// Oldest first.
    public var episodes: [ClearEpisode]
    public var socialCare: [SocialCareStatus]
    public var contactDates: [LocalDate]
    public var substantiveContactDates: [LocalDate]
    public var ehcpIssueDate: LocalDate?
    public var reviewMeetings: [LocalDate]
    public var enforcement: [EnforcementStep]
    public var returnPlans: [ClearReturnPlan]

    /// A return-to-school plan without its notes.
    public struct ClearReturnPlan: Sendable, Hashable {
        public var targetDate: LocalDate
        public var targetSchoolURN: String?
        public var status: ReturnPlanStatus

        public init(targetDate: LocalDate, targetSchoolURN: String?, status: ReturnPlanStatus) {
            self.targetDate = targetDate
            self.targetSchoolURN = targetSchoolURN
            self.status = status
        }
    }

    public struct EnforcementStep: Sendable, Hashable {
        public var kind: EnforcementKind
        public var date: LocalDate

        public init(kind: EnforcementKind, date: LocalDate) {
            self.kind = kind
            self.date = date
        }
    }

    public init(
        reference: CaseReference,
        sex: Sex,
        birthAcademicYear: Int,
        compulsorySchoolAgeStart: LocalDate,
        compulsorySchoolAgeEnd: LocalDate,
        senProvision: SENProvision,
        planningArea: String?,
        livesInLA: Bool,
        episodes: [ClearEpisode],
        socialCare: [SocialCareStatus],
        contactDates: [LocalDate],
        substantiveContactDates: [LocalDate],
        ehcpIssueDate: LocalDate?,
        reviewMeetings: [LocalDate],
        enforcement: [EnforcementStep],
        returnPlans: [ClearReturnPlan] = []
    ) {
        self.reference = reference
        self.sex = sex
        self.birthAcademicYear = birthAcademicYear
        self.compulsorySchoolAgeStart = compulsorySchoolAgeStart
        self.compulsorySchoolAgeEnd = compulsorySchoolAgeEnd
        self.senProvision = senProvision
        self.planningArea = planningArea
        self.livesInLA = livesInLA
        self.episodes = episodes
        self.socialCare = socialCare
        self.contactDates = contactDates
        self.substantiveContactDates = substantiveContactDates
        self.ehcpIssueDate = ehcpIssueDate
        self.reviewMeetings = reviewMeetings
        self.enforcement = enforcement
        self.returnPlans = returnPlans
    }

    /// The clear part of a stored case.
    public init(_ stored: StoredCase) {
        let record = stored.record
        let dob = record.child.dateOfBirth
        self.init(
            reference: stored.reference,
            sex: record.child.sex,
            birthAcademicYear: SchoolCalendar.academicYear(of: dob),
            compulsorySchoolAgeStart: SchoolCalendar.compulsorySchoolAgeStart(dateOfBirth: dob),
            compulsorySchoolAgeEnd: SchoolCalendar.compulsorySchoolAgeEnd(dateOfBirth: dob),
            senProvision: record.senProvision,
            planningArea: record.planningArea,
            livesInLA: record.livesInLA,
            episodes: record.episodes.map {
                ClearEpisode(
                    start: $0.startDate,
                    end: $0.endDate,
                    endReason: $0.endReason,
                    primaryReason: $0.primaryReason,
                    previousSchoolType: $0.previousSchool?.type,
                    notificationSource: $0.notificationSource
                )
            },
            socialCare: record.socialCare,
            contactDates: record.contacts.map(\.date),
            substantiveContactDates: record.contacts.filter(\.substantive).map(\.date),
            ehcpIssueDate: record.ehcp?.issueDate,
            reviewMeetings: record.ehcp?.reviews.map(\.meetingDate) ?? [],
            enforcement: record.enforcement.map { EnforcementStep(kind: $0.kind, date: $0.date) },
            returnPlans: record.returnPlans.map {
                ClearReturnPlan(targetDate: $0.targetDate, targetSchoolURN: $0.targetSchoolURN, status: $0.status)
            }
        )
    }

    /// Year group on a date.
    public func yearGroup(on date: LocalDate) -> Int {
        SchoolCalendar.academicYear(of: date) - birthAcademicYear - 5
    }

    /// The episode covering `date`, if any.
    public func episode(on date: LocalDate) -> ClearEpisode? {
        episodes.last { $0.isActive(on: date) }
    }

    /// Live EHE on a date (DOMAIN.md §9.4): an episode covers the date, the child is of compulsory school
    /// age on it, and lives in the LA.
    public func isLiveEHE(on date: LocalDate) -> Bool {
        livesInLA && compulsorySchoolAgeStart <= date && date <= compulsorySchoolAgeEnd && episode(on: date) != nil
    }
}
