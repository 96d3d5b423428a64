public import EHECore

/// A case store in memory, for tests of everything above the store. Passes the same store contract as
/// the SQLite store. Keeps domain values as they are (no sealing: nothing is at rest).
public actor InMemoryCaseStore: CaseStore {
    private var cases: [Int64: StoredCase] = [:]
    private var erased: [Int64: (on: String, reason: String)] = [:]
    private var nextNumber: Int64 = 1
    private var due: [Int64: [DueItem]] = [:]
    private let dueRules: DueRules

    public init(dueRules: DueRules = DueRules(policy: DuePolicy(), calendar: WorkingDayCalendar(bankHolidays: []))) {
        self.dueRules = dueRules
    }

    private func recomputeDue(_ stored: StoredCase) {
        let previous = Dictionary(
            uniqueKeysWithValues: (due[stored.reference.number] ?? []).map { ($0.kind, (date: $0.dueDate, sequence: $0.sequence)) }
        )
        due[stored.reference.number] = DueSequencing.sequenced(dueRules.items(for: stored.reference, stored.record), previous: previous)
    }

    /// Audit events written with changes (the SQLite store puts them in its audit inbox).
    public private(set) var recorded: [AuditEvent] = []

    public func add(
        _ records: [CaseRecord],
        recording: @escaping @Sendable ([StoredCase]) -> [AuditEvent]
    ) async throws
        -> [StoredCase]
    {
        var stored: [StoredCase] = []
        for record in records {
            let value = StoredCase(reference: CaseReference(number: nextNumber + Int64(stored.count)), version: 1, record: record)
            stored.append(value)
        }
        for value in stored {
            cases[value.reference.number] = value
            recomputeDue(value)
        }
        nextNumber += Int64(stored.count)
        recorded += recording(stored)
        return stored
    }

    public func load(_ reference: CaseReference) async throws -> StoredCase {
        guard let stored = cases[reference.number] else { throw RegisterError.notFound(reference) }
        if let gone = erased[reference.number] { throw RegisterError.erased(reference, on: gone.on, reason: gone.reason) }
        return stored
    }

    public func modify(
        _ reference: CaseReference,
        expectedVersion: Int?,
        recording: @escaping @Sendable (StoredCase) -> [AuditEvent],
        _ change: @escaping @Sendable (inout CaseRecord) throws -> Void
    ) async throws -> StoredCase {
        guard var stored = cases[reference.number] else { throw RegisterError.notFound(reference) }
        if let gone = erased[reference.number] { throw RegisterError.erased(reference, on: gone.on, reason: gone.reason) }
        if let expectedVersion, expectedVersion != stored.version {
            throw RegisterError.conflict(reference, expected: expectedVersion, actual: stored.version)
        }
        var record = stored.record
        try change(&record)
        stored.record = record
        stored.version += 1
        cases[reference.number] = stored
        recomputeDue(stored)
        recorded += recording(stored)
        return stored
    }

    public func facts(_ query: CaseQuery) async throws -> [CaseFacts] {
        let all = cases.values.sorted { $0.reference < $1.reference }.map(CaseFacts.init)
            .filter(query.includes)
            .filter { facts in query.overdueOn.map { date in (due[facts.reference.number] ?? []).contains { $0.dueDate < date } } ?? true }
        let slice = all.dropFirst(query.offset)
        return Array(query.limit.map { slice.prefix($0) } ?? slice)
    }

    public func search(_ terms: [IndexTerm]) async throws -> [SearchHit] {
        live.filter { stored in
            let own = Set(IndexTerm.terms(for: stored.record.child))
            return !terms.isEmpty && terms.allSatisfy(own.contains)
        }.map(hit)
    }

    public func sharedIndexEntries(_ kind: IndexKind) async throws -> [[CaseReference]] {
        var groups: [String: [CaseReference]] = [:]
        for stored in live {
            for term in Set(IndexTerm.terms(for: stored.record.child)) where term.kind == kind {
                groups[term.value, default: []].append(stored.reference)
            }
        }
        return groups.values.filter { $0.count > 1 }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }

    public func children(_ references: [CaseReference]) async throws -> [SearchHit] {
        references.compactMap { reference in
            guard erased[reference.number] == nil, let stored = cases[reference.number] else { return nil }
            return hit(stored)
        }
    }

    public func erase(_ reference: CaseReference, reason: String, on date: LocalDate, recording: [AuditEvent]) async throws {
        guard var stored = cases[reference.number] else { throw RegisterError.notFound(reference) }
        if let gone = erased[reference.number] { throw RegisterError.erased(reference, on: gone.on, reason: gone.reason) }
        recorded += recording
        // Keep only what the SQLite store keeps in clear.
        stored.record.child.forenames = ""
        stored.record.child.surname = ""
        stored.record.child.upn = nil
        stored.record.child.address = nil
        stored.record.parents = []
        stored.record.providers = []
        stored.record.notes = nil
        stored.version += 1
        cases[reference.number] = stored
        erased[reference.number] = (date.iso, reason)
        due[reference.number] = nil
    }

    public func forEachDueItem(_ query: DueQuery, _ body: @escaping @Sendable (DueItem) throws -> Void) async throws {
        let items = due.values.joined().filter(query.includes).sorted {
            ($0.dueDate, $0.reference, $0.kind.rawValue) < ($1.dueDate, $1.reference, $1.kind.rawValue)
        }
        for item in items { try body(item) }
    }

    public func dueCounts(from: LocalDate, to: LocalDate) async throws -> [DueCount] {
        var counts: [DueCount: Int] = [:]
        for item in due.values.joined() where item.dueDate >= from && item.dueDate < to {
            let month = String(item.dueDate.iso.prefix(7))
            counts[DueCount(officer: item.officer, kind: item.kind, month: month, count: 0), default: 0] += 1
        }
        return counts.map { key, value in
            var count = key
            count.count = value
            return count
        }.sorted { ($0.officer ?? "", $0.month, $0.kind.rawValue) < ($1.officer ?? "", $1.month, $1.kind.rawValue) }
    }

    public func forEachClearCase(_ body: @escaping @Sendable (ClearCase) throws -> Void) async throws {
        for stored in cases.values.sorted(by: { $0.reference < $1.reference }) { try body(ClearCase(stored)) }
    }

    public func openCaseload() async throws -> [String?: Int] {
        var caseload: [String?: Int] = [:]
        for stored in cases.values where stored.record.status == .open && erased[stored.reference.number] == nil {
            caseload[stored.record.assignedOfficer, default: 0] += 1
        }
        return caseload
    }

    private var live: [StoredCase] {
        cases.values.filter { erased[$0.reference.number] == nil }.sorted { $0.reference < $1.reference }
    }

    private func hit(_ stored: StoredCase) -> SearchHit {
        SearchHit(reference: stored.reference, status: stored.record.status, child: stored.record.child)
    }
}
