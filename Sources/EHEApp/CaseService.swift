public import EHECore
import Foundation

/// What officers do with cases, from the command line and the API alike: every change validated in full
/// before it is stored, each in one store transaction; every read of personal data and every change
/// recorded in the audit log under the acting person's name before the result is returned.
public struct CaseService: Sendable {
    let store: any CaseStore
    public let planningAreas: PlanningAreaLookup
    public let clock: Today
    /// Today's date, read afresh for every action.
    public var today: LocalDate { clock.date }
    /// Where reads and changes are recorded (nil only in tests of the service itself).
    public let audit: AuditService?
    /// Who is acting (`user:NAME`, `token:NAME`, `cli:OSUSER`) and from which address.
    public private(set) var actor: String
    public private(set) var address: String?

    /// A service whose "today" is fixed (tests, training registers).
    public init(store: any CaseStore, planningAreas: PlanningAreaLookup, today: LocalDate) {
        self.init(store: store, planningAreas: planningAreas, clock: Today(fixed: today))
    }

    public init(
        store: any CaseStore,
        planningAreas: PlanningAreaLookup,
        clock: Today,
        audit: AuditService? = nil,
        actor: String = AuditService.commandLineActor()
    ) {
        self.store = store
        self.planningAreas = planningAreas
        self.clock = clock
        self.audit = audit
        self.actor = actor
    }

    /// The same service acting for someone else (an API request's signed-in user or token).
    public func acting(as actor: String, from address: String?) -> CaseService {
        var copy = self
        copy.actor = actor
        copy.address = address
        return copy
    }

    /// Records what was done to which cases, durably, before the caller sees the result.
    func record(_ action: String, _ references: [CaseReference], detail: String? = nil) async throws {
        guard let audit else { return }
        try await audit.record(
            references.map { AuditEvent(actor: actor, action: action, caseReference: $0.description, address: address, detail: detail) }
        )
    }

    /// A search: which fields it was on (never their values), then each case it showed.
    func recordSearch(by fields: String, found references: [CaseReference]) async throws {
        guard let audit else { return }
        try await audit.record(
            [AuditEvent(actor: actor, action: "search", address: address, detail: "by=\(fields) results=\(references.count)")]
                + references.map { AuditEvent(actor: actor, action: "search.result", caseReference: $0.description, address: address) }
        )
    }

    func record(_ action: String, _ stored: StoredCase) async throws -> StoredCase {
        try await record(action, [stored.reference], detail: "version=\(stored.version)")
        return stored
    }

    /// What a change writes to the audit inbox in its own transaction (`recording` of the store).
    func changeEvents(_ action: String) -> @Sendable (StoredCase) -> [AuditEvent] {
        let who = actor
        let from = address
        return { stored in
            [
                AuditEvent(
                    actor: who,
                    action: action,
                    caseReference: stored.reference.description,
                    address: from,
                    detail: "version=\(stored.version)"
                )
            ]
        }
    }

    /// Modifies a case with its audit entry in the same transaction, then chains the entry.
    func change(
        _ action: String,
        _ reference: CaseReference,
        expectedVersion: Int?,
        _ body: @escaping @Sendable (inout CaseRecord) throws -> Void
    ) async throws -> StoredCase {
        let stored = try await store.modify(reference, expectedVersion: expectedVersion, recording: changeEvents(action), body)
        await chainRecorded()
        return stored
    }

    /// Takes entries written with changes into the MAC chain now. Failing here loses nothing: they wait,
    /// durable, in the inbox for the next append.
    func chainRecorded() async {
        try? await audit?.chainInbox()
    }

    /// Registers new children from case documents, all or none. Unless `newChild` is set, a child who may
    /// already be on the register (same UPN; same surname and date of birth; a sound-alike surname with the
    /// same date of birth and forename initial) is refused with `RegisterError.possibleDuplicate`.
    public func add(_ documents: [CaseDocument], newChild: Bool = false) async throws -> [StoredCase] {
        var records: [CaseRecord] = []
        var problems: [ValidationProblem] = []
        for (index, document) in documents.enumerated() {
            let prefix = documents.count > 1 ? "[\(index)]." : ""
            do {
                records.append(prepared(try document.record(today: today)))
            } catch {
                guard case .invalid(let found) = error else { throw error }
                problems += found.map { ValidationProblem(field: prefix + $0.field, rule: $0.rule, message: $0.message) }
            }
        }
        guard problems.isEmpty else { throw RegisterError.invalid(problems) }
        if !newChild {
            var matches: [DuplicateMatch] = []
            for record in records { matches += try await possibleDuplicates(of: record.child) }
            if !matches.isEmpty {
                // The check is a search whose results are shown (as references): audited as one.
                try await recordSearch(by: "duplicate-check", found: matches.map(\.reference))
                throw RegisterError.possibleDuplicate(matches)
            }
        }
        let who = actor
        let from = address
        let stored = try await store.add(records) { stored in
            stored.map { AuditEvent(actor: who, action: "case.create", caseReference: $0.reference.description, address: from) }
        }
        await chainRecorded()
        return stored
    }

    public func add(_ document: CaseDocument, newChild: Bool = false) async throws -> StoredCase {
        try await add([document], newChild: newChild)[0]
    }

    /// Cases on the register that may be this child, with the rules each meets.
    public func possibleDuplicates(of child: Child) async throws -> [DuplicateMatch] {
        var rulesByReference: [CaseReference: [DuplicateRule]] = [:]
        for rule in DuplicateRule.allCases {
            for term in rule.terms(for: child) {
                for hit in try await store.search([term]) where rule.holds(child, hit.child) {
                    if !(rulesByReference[hit.reference]?.contains(rule) ?? false) {
                        rulesByReference[hit.reference, default: []].append(rule)
                    }
                }
            }
        }
        return rulesByReference.keys.sorted().map { DuplicateMatch(reference: $0, rules: rulesByReference[$0] ?? []) }
    }

    /// Children matching every criterion exactly (after normalisation), found through the blind indexes.
    public func find(_ criteria: SearchCriteria) async throws -> [SearchHit] {
        let hits = try await store.search(try criteria.indexTerms()).filter { criteria.matches($0.child) }
        try await recordSearch(by: criteria.fieldNames.joined(separator: ","), found: hits.map(\.reference))
        return hits
    }

    /// Groups of cases across the register that may be the same child.
    public func duplicateGroups() async throws -> [DuplicateGroup] {
        var groups: [DuplicateGroup] = []
        var seen: Set<[CaseReference]> = []
        for rule in DuplicateRule.allCases {
            for references in try await store.sharedIndexEntries(rule.indexKind) {
                let hits = try await store.children(references)
                // Pairs that really meet the rule (index collisions and other initials are dropped).
                var members: Set<CaseReference> = []
                for (index, first) in hits.enumerated() {
                    for second in hits[(index + 1)...] where rule.holds(first.child, second.child) {
                        members.insert(first.reference)
                        members.insert(second.reference)
                    }
                }
                let sorted = members.sorted()
                if sorted.count > 1, seen.insert(sorted).inserted { groups.append(DuplicateGroup(rule: rule, references: sorted)) }
            }
        }
        let sorted = groups.sorted { ($0.references[0], $0.rule.rawValue) < ($1.references[0], $1.rule.rawValue) }
        if let audit {
            try await audit.record(AuditEvent(actor: actor, action: "duplicates.scan", address: address, detail: "groups=\(sorted.count)"))
        }
        return sorted
    }

    /// Crypto-shreds a case's personal data (see `CaseStore.erase`).
    public func erase(_ reference: CaseReference, reason: String) async throws {
        let trimmed = reason.trimmingWhitespace
        guard !trimmed.isEmpty else {
            throw RegisterError.invalid([ValidationProblem(field: "reason", rule: "required", message: "say why the record is erased")])
        }
        try await store.erase(
            reference,
            reason: trimmed,
            on: today,
            recording: [AuditEvent(actor: actor, action: "case.erase", caseReference: reference.description, address: address)]
        )
        await chainRecorded()
    }

    public func show(_ reference: CaseReference) async throws -> StoredCase {
        try await record("case.view", try await store.load(reference))
    }

    /// Replaces a case's content with the document's. The document's `version` must be the stored
    /// version: a copy taken before someone else's change is refused with a conflict.
    /// `action` names the change in the audit log (an API that adds a contact through the document says so).
    public func update(
        _ reference: CaseReference,
        with document: CaseDocument,
        action: String = "case.update"
    ) async throws
        -> StoredCase
    {
        if let given = document.reference, CaseReference(given) != reference {
            throw RegisterError.invalid([
                ValidationProblem(field: "reference", rule: "mismatch", message: "the document is for another case")
            ])
        }
        guard let version = document.version else {
            throw RegisterError.invalid([
                ValidationProblem(
                    field: "version",
                    rule: "required",
                    message: "is required: send the version the document was read at, so a stale copy cannot overwrite a newer one"
                )
            ])
        }
        let replacement = prepared(try document.record(today: today))
        return try await change(action, reference, expectedVersion: version) { current in
            current = replacement
        }
    }

    /// Ends the open episode.
    public func close(
        _ reference: CaseReference,
        reason: EndReason,
        date: LocalDate,
        returnSchoolURN: String? = nil,
        expectedVersion: Int? = nil
    ) async throws -> StoredCase {
        try await close(
            reference,
            CaseClosure(endReason: reason, endDate: date, returnSchoolURN: returnSchoolURN),
            expectedVersion: expectedVersion
        )
    }

    /// Ends the open episode.
    public func close(_ reference: CaseReference, _ closure: CaseClosure, expectedVersion: Int? = nil) async throws -> StoredCase {
        let today = today
        return try await change("case.close", reference, expectedVersion: expectedVersion) { record in
            guard let index = record.episodes.lastIndex(where: \.isOpen) else {
                throw RegisterError.notAllowed(reference, "the case is already closed; nothing was changed")
            }
            record.episodes[index].endDate = closure.endDate
            record.episodes[index].endReason = closure.endReason
            record.episodes[index].returnSchoolURN = closure.returnSchoolURN
            try Self.check(record, today: today, only: "episodes[\(index)]", rename: "")
        }
    }

    /// Starts a new episode on a closed case (a child home educated again).
    public func reopen(
        _ reference: CaseReference,
        episode: Episode,
        expectedVersion: Int? = nil
    ) async throws -> StoredCase {
        let today = today
        return try await change("case.reopen", reference, expectedVersion: expectedVersion) { record in
            guard record.openEpisode == nil else {
                throw RegisterError.notAllowed(reference, "the case already has an open episode; nothing was changed")
            }
            record.episodes.append(episode)
            try Self.check(record, today: today, only: "episodes[\(record.episodes.count - 1)]", rename: "episode")
        }
    }

    /// Records a contact with the family.
    public func addContact(
        _ reference: CaseReference,
        _ contact: Contact,
        expectedVersion: Int? = nil
    ) async throws -> StoredCase {
        let today = today
        return try await change("case.contact", reference, expectedVersion: expectedVersion) { record in
            record.contacts.append(contact)
            record.contacts.sort { $0.date < $1.date }
            let index = record.contacts.firstIndex(of: contact) ?? record.contacts.count - 1
            try Self.check(record, today: today, only: "contacts[\(index)]", rename: "contact")
        }
    }

    /// Records an EHCP annual review meeting (and its decision, when made) on the child's plan.
    public func recordEHCPReview(
        _ reference: CaseReference,
        _ review: AnnualReview,
        expectedVersion: Int? = nil
    ) async throws -> StoredCase {
        let today = today
        return try await change("case.ehcp-review", reference, expectedVersion: expectedVersion) { record in
            guard record.ehcp != nil else {
                throw RegisterError.invalid([
                    ValidationProblem(
                        field: "ehcp",
                        rule: "required",
                        message: "the child has no EHCP on the register; record the plan first"
                    )
                ])
            }
            record.ehcp?.reviews.append(review)
            let index = (record.ehcp?.reviews.count ?? 1) - 1
            try Self.check(record, today: today, only: "ehcp.reviews[\(index)]", rename: "review")
        }
    }

    /// Records the LA's decision after the latest EHCP review meeting still awaiting one (maintain, amend
    /// or cease the plan). A plan with no such meeting is refused (`notAllowed`), nothing changed.
    public func recordEHCPReviewDecision(
        _ reference: CaseReference,
        _ made: EHCPReviewDecision,
        expectedVersion: Int? = nil
    ) async throws -> StoredCase {
        let today = today
        return try await change("case.ehcp-review-decision", reference, expectedVersion: expectedVersion) { record in
            let reviews = record.ehcp?.reviews ?? []
            let awaiting = reviews.indices.filter { reviews[$0].decision == nil }
            guard let index = awaiting.max(by: { reviews[$0].meetingDate < reviews[$1].meetingDate }) else {
                throw RegisterError.notAllowed(reference, "the child's EHCP has no review meeting awaiting a decision; nothing was changed")
            }
            record.ehcp?.reviews[index].decision = made.decision
            record.ehcp?.reviews[index].decisionDate = made.date
            try Self.check(record, today: today, only: "ehcp.reviews[\(index)]", rename: "")
        }
    }

    /// Records a plan for the child's return to school.
    public func recordReturnPlan(
        _ reference: CaseReference,
        _ plan: ReturnPlan,
        expectedVersion: Int? = nil
    ) async throws -> StoredCase {
        let today = today
        return try await change("case.return-plan", reference, expectedVersion: expectedVersion) { record in
            record.returnPlans.append(plan)
            try Self.check(record, today: today, only: "returnPlans[\(record.returnPlans.count - 1)]", rename: "plan")
        }
    }

    /// Replaces the return plan at `index` (0 is the first recorded): its status moves on, or its target changes.
    public func updateReturnPlan(
        _ reference: CaseReference,
        at index: Int,
        to plan: ReturnPlan,
        expectedVersion: Int? = nil
    ) async throws -> StoredCase {
        let today = today
        return try await change("case.return-plan", reference, expectedVersion: expectedVersion) { record in
            guard record.returnPlans.indices.contains(index) else {
                throw RegisterError.invalid([
                    ValidationProblem(
                        field: "plan",
                        rule: "not_found",
                        message:
                            "the case has \(record.returnPlans.count) return plan\(record.returnPlans.count == 1 ? "" : "s"); there is no plan \(index + 1)"
                    )
                ])
            }
            record.returnPlans[index] = plan
            try Self.check(record, today: today, only: "returnPlans[\(index)]", rename: "plan")
        }
    }

    /// Records a step on the enforcement route (informal enquiry, s.437(1) notice, SAO, ...).
    public func recordEnforcementStep(
        _ reference: CaseReference,
        _ step: EnforcementEvent,
        expectedVersion: Int? = nil
    ) async throws -> StoredCase {
        let today = today
        return try await change("case.enforcement", reference, expectedVersion: expectedVersion) { record in
            record.enforcement.append(step)
            try Self.check(record, today: today, only: "enforcement[\(record.enforcement.count - 1)]", rename: "step")
        }
    }

    /// Records how the latest s.437(1) notice still awaiting an outcome ended. Its `s437_expiry` reminder ends
    /// with it. A case with no such notice is refused (`notAllowed`), nothing changed.
    public func recordS437Outcome(
        _ reference: CaseReference,
        _ decision: S437Decision,
        expectedVersion: Int? = nil
    ) async throws -> StoredCase {
        let today = today
        return try await change("case.s437-outcome", reference, expectedVersion: expectedVersion) { record in
            let awaiting = record.enforcement.indices.filter {
                record.enforcement[$0].kind == .s437Notice && record.enforcement[$0].outcome == nil
            }
            guard let index = awaiting.max(by: { record.enforcement[$0].date < record.enforcement[$1].date }) else {
                throw RegisterError.notAllowed(reference, "the case has no s.437(1) notice awaiting an outcome; nothing was changed")
            }
            record.enforcement[index].outcome = decision.outcome
            record.enforcement[index].outcomeDate = decision.date
            let path = "enforcement[\(index)]"
            let names = [path + ".outcome": "outcome", path + ".outcomeDate": "date"]
            let problems = record.problems(today: today)
            if !problems.isEmpty {
                throw RegisterError.invalid(
                    problems.map { ValidationProblem(field: names[$0.field] ?? $0.field, rule: $0.rule, message: $0.message) }
                )
            }
        }
    }

    /// Clear facts of matching cases.
    public func list(_ query: CaseQuery) async throws -> [CaseFacts] {
        try await store.facts(query)
    }

    /// Counts by status, reason, year group: from clear data only, live EHE as the exports count it.
    public func summary(asOf: LocalDate) async throws -> RegisterSummary {
        let summary = Locked(RegisterSummary(asOf: asOf))
        try await store.forEachClearCase { clear in summary.update { $0.add(clear) } }
        return summary.value
    }

    /// Derived clear fields the register sets itself.
    func prepared(_ record: CaseRecord) -> CaseRecord {
        var record = record
        record.planningArea = record.child.address.flatMap { planningAreas.planningArea(forPostcode: $0.postcode) }
        return record
    }

    /// Validates a changed record, reporting the problems of the changed part (field paths under `only`,
    /// shown as `rename` when given) — or every problem when the change broke something elsewhere.
    static func check(_ record: CaseRecord, today: LocalDate, only prefix: String, rename: String? = nil) throws {
        let problems = record.problems(today: today)
        guard !problems.isEmpty else { return }
        throw RegisterError.invalid(
            problems.map { problem in
                guard let rename, problem.field.hasPrefix(prefix) else { return problem }
                let rest = problem.field.dropFirst(prefix.count)
                return ValidationProblem(
                    field: rename.isEmpty && rest.hasPrefix(".") ? String(rest.dropFirst()) : rename + rest,
                    rule: problem.rule,
                    message: problem.message
                )
            }
        )
    }
}

/// Cases that may be one child, and the rule they meet.
public struct DuplicateGroup: Sendable, Hashable, Codable {
    public var rule: DuplicateRule
    public var references: [CaseReference]

    public init(rule: DuplicateRule, references: [CaseReference]) {
        self.rule = rule
        self.references = references
    }
}
