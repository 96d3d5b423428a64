/// Where cases live. One method is one transaction that keeps the register's invariants: a case is
/// stored whole or not at all, a child never exists without its data key, versions only go up.
///
/// Implementations: `SQLiteCaseStore` (EHESQLite) and `InMemoryCaseStore` (EHETestSupport); both pass the
/// store contract in `EHETestSupport.StoreContract`.
public protocol CaseStore: Sendable {
    /// Stores new cases in one transaction and returns them with their references, in order.
    /// Either every case is stored or none is. The events `recording` gives for the stored cases are
    /// written to the audit inbox in the same transaction, so no change is kept without its audit entry.
    func add(_ records: [CaseRecord], recording: @escaping @Sendable ([StoredCase]) -> [AuditEvent]) async throws -> [StoredCase]

    /// The case with this reference. Throws `RegisterError.notFound` or `RegisterError.integrity`.
    func load(_ reference: CaseReference) async throws -> StoredCase

    /// Reads the case, applies `change` and writes the result, all in one transaction; the version goes
    /// up by one. If `expectedVersion` is given and differs from the stored version, throws
    /// `RegisterError.conflict` and changes nothing. If `change` throws, nothing is changed.
    /// The events `recording` gives for the changed case go to the audit inbox in the same transaction.
    func modify(
        _ reference: CaseReference,
        expectedVersion: Int?,
        recording: @escaping @Sendable (StoredCase) -> [AuditEvent],
        _ change: @escaping @Sendable (inout CaseRecord) throws -> Void
    ) async throws -> StoredCase

    /// Clear facts of the cases that match, in reference order. Needs no key.
    func facts(_ query: CaseQuery) async throws -> [CaseFacts]

    /// Children whose index entries include every term (an intersection), opened. Candidates only: the
    /// caller filters them exactly with `SearchCriteria.matches`. Erased cases are never returned.
    func search(_ terms: [IndexTerm]) async throws -> [SearchHit]

    /// Groups of cases that share an index entry of one of these kinds (candidates for duplicates).
    func sharedIndexEntries(_ kind: IndexKind) async throws -> [[CaseReference]]

    /// The children of these cases, opened (erased cases left out).
    func children(_ references: [CaseReference]) async throws -> [SearchHit]

    /// Streams the due items that match, in date then reference order. Items are kept up to date by every
    /// write (computed with the store's `DueRules`).
    func forEachDueItem(_ query: DueQuery, _ body: @escaping @Sendable (DueItem) throws -> Void) async throws

    /// Counts of due items per officer, kind and month for items dated from `from` up to (not including) `to`.
    func dueCounts(from: LocalDate, to: LocalDate) async throws -> [DueCount]

    /// Open cases per officer (nil key: unassigned).
    func openCaseload() async throws -> [String?: Int]

    /// Streams the clear data of every case (erased ones included), in reference order. Needs no key.
    func forEachClearCase(_ body: @escaping @Sendable (ClearCase) throws -> Void) async throws

    /// Crypto-shreds a case: destroys the child's data key, sealed data and index entries in one
    /// transaction, keeping the clear columns for statistics. Later reads throw `RegisterError.erased`.
    func erase(_ reference: CaseReference, reason: String, on date: LocalDate, recording: [AuditEvent]) async throws
}

extension CaseStore {
    /// Stores new cases with nothing to audit (seeding, tests).
    public func add(_ records: [CaseRecord]) async throws -> [StoredCase] {
        try await add(records, recording: { _ in [] })
    }

    public func modify(
        _ reference: CaseReference,
        expectedVersion: Int?,
        _ change: @escaping @Sendable (inout CaseRecord) throws -> Void
    ) async throws -> StoredCase {
        try await modify(reference, expectedVersion: expectedVersion, recording: { _ in [] }, change)
    }

    public func erase(_ reference: CaseReference, reason: String, on date: LocalDate) async throws {
        try await erase(reference, reason: reason, on: date, recording: [])
    }
}

/// Which cases `CaseStore.facts` returns.
public struct CaseQuery: Sendable, Hashable {
    public var status: CaseStatus?
    /// Only cases assigned to this officer.
    public var officer: String?
    /// Only cases with no officer.
    public var unassignedOnly: Bool
    /// Only cases whose latest episode has this primary reason.
    public var primaryReason: PrimaryReason?
    /// Only cases with this SEN provision (e.g. `.ehcp`).
    public var senProvision: SENProvision?
    /// Only cases with an item that fell due before this date.
    public var overdueOn: LocalDate?
    public var limit: Int?
    public var offset: Int

    public init(status: CaseStatus? = nil, officer: String? = nil, unassignedOnly: Bool = false, limit: Int? = nil, offset: Int = 0) {
        self.status = status
        self.officer = officer
        self.unassignedOnly = unassignedOnly
        self.limit = limit
        self.offset = offset
    }

    public func includes(_ facts: CaseFacts) -> Bool {
        (status == nil || facts.status == status) && (officer == nil || facts.assignedOfficer == officer)
            && (!unassignedOnly || facts.assignedOfficer == nil) && (primaryReason == nil || facts.primaryReason == primaryReason)
            && (senProvision == nil || facts.senProvision == senProvision)
    }
}

/// What the register keeps in clear about a case: enough for lists, counts and reminders, nothing that
/// identifies the child on its own (DESIGN.md §3).
public struct CaseFacts: Sendable, Hashable, Codable {
    public var reference: CaseReference
    public var version: Int
    public var status: CaseStatus
    public var sex: Sex
    /// The academic year the child was born in (gives the year group on any date).
    public var birthAcademicYear: Int
    public var compulsorySchoolAgeStart: LocalDate
    public var compulsorySchoolAgeEnd: LocalDate
    public var senProvision: SENProvision
    public var planningArea: String?
    public var assignedOfficer: String?
    /// The latest episode's start, primary reason and, when ended, its end.
    public var episodeStart: LocalDate
    public var primaryReason: PrimaryReason
    public var episodeEnd: LocalDate?
    public var endReason: EndReason?

    public init(
        reference: CaseReference,
        version: Int,
        status: CaseStatus,
        sex: Sex,
        birthAcademicYear: Int,
        compulsorySchoolAgeStart: LocalDate,
        compulsorySchoolAgeEnd: LocalDate,
        senProvision: SENProvision,
        planningArea: String?,
        assignedOfficer: String?,
        episodeStart: LocalDate,
        primaryReason: PrimaryReason,
        episodeEnd: LocalDate?,
        endReason: EndReason?
    ) {
        self.reference = reference
        self.version = version
        self.status = status
        self.sex = sex
        self.birthAcademicYear = birthAcademicYear
        self.compulsorySchoolAgeStart = compulsorySchoolAgeStart
        self.compulsorySchoolAgeEnd = compulsorySchoolAgeEnd
        self.senProvision = senProvision
        self.planningArea = planningArea
        self.assignedOfficer = assignedOfficer
        self.episodeStart = episodeStart
        self.primaryReason = primaryReason
        self.episodeEnd = episodeEnd
        self.endReason = endReason
    }

    /// The clear facts of a stored case. Requires at least one episode (a valid record has one).
    public init(_ stored: StoredCase) {
        let record = stored.record
        let dob = record.child.dateOfBirth
        let latest = record.episodes.last
        self.init(
            reference: stored.reference,
            version: stored.version,
            status: record.status,
            sex: record.child.sex,
            birthAcademicYear: SchoolCalendar.academicYear(of: dob),
            compulsorySchoolAgeStart: SchoolCalendar.compulsorySchoolAgeStart(dateOfBirth: dob),
            compulsorySchoolAgeEnd: SchoolCalendar.compulsorySchoolAgeEnd(dateOfBirth: dob),
            senProvision: record.senProvision,
            planningArea: record.planningArea,
            assignedOfficer: record.assignedOfficer,
            episodeStart: latest?.startDate ?? dob,
            primaryReason: latest?.primaryReason ?? .unknown,
            episodeEnd: latest?.endDate,
            endReason: latest?.endReason
        )
    }

    /// Year group on `date`.
    public func yearGroup(on date: LocalDate) -> Int {
        SchoolCalendar.academicYear(of: date) - birthAcademicYear - 5
    }

    /// Whether the child counts as live EHE on `date`: the latest episode covers the date and the child is
    /// of compulsory school age (DOMAIN.md §9.4; residence is assumed for every case on the register).
    public func isLiveEHE(on date: LocalDate) -> Bool {
        episodeStart <= date && (episodeEnd.map { date <= $0 } ?? true)
            && compulsorySchoolAgeStart <= date && date <= compulsorySchoolAgeEnd
    }
}
