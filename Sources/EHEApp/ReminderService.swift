public import EHECore
internal import EHEReports
internal import EHESQLite
import Foundation

/// Reminders, the workload forecast and daily maintenance (issue #4).
public struct ReminderService: Sendable {
    let register: Register

    /// Due items that match, in date order. Refuses when the stored items were computed under other rules.
    /// With `limit`, only the first `limit` items (the rest are not read).
    public func list(_ query: DueQuery, limit: Int? = nil) async throws -> [DueItem] {
        struct Enough: Error {}
        let collected = Collector<DueItem>()
        do {
            try await forEach(query) { item in
                if let limit, collected.items.count >= limit { throw Enough() }
                collected.append(item)
            }
        } catch is Enough {}
        return collected.items
    }

    /// Streams due items that match, in date order, without holding them all.
    public func forEach(_ query: DueQuery, _ body: @escaping @Sendable (DueItem) throws -> Void) async throws {
        try await requireCurrentDueItems()
        try await register.store.forEachDueItem(query, body)
    }

    /// The RFC 5545 feed of the items that match (named after the query's officer): references, kinds and
    /// dates only. For `ehe reminders --format ics` and the officers' private calendar links.
    public func calendar(_ query: DueQuery) async throws -> String {
        let items = try await list(query)
        let feed = ICalendarFeed(
            name: "EHE reminders" + (query.officer.map { " – \($0)" } ?? ""),
            uidDomain: "ehe-register." + (register.settings.localAuthority?.newCode.lowercased() ?? "local")
        )
        return feed.render(items, asOf: query.asOf, dueSoonDays: register.dueRules.policy.dueSoonDays)
    }

    func requireCurrentDueItems() async throws {
        guard try await register.storage.cases.dueItemsAreCurrent() else {
            throw RegisterError.configuration(
                "reminders were computed under other rules (the policy or bank holidays changed, or the register was upgraded); run `ehe maintenance run` to recompute them"
            )
        }
    }

    /// How many contacts, reviews and other items fall due each month, per officer and in total, with
    /// open caseload and items overdue now.
    public func workload(asOf: LocalDate, months: Int) async throws -> Workload {
        try await requireCurrentDueItems()
        let start = LocalDate(asOf.year, asOf.month, 1)
        let end = start.adding(months: months)
        let monthNames = (0..<months).map { String(start.adding(months: $0).iso.prefix(7)) }
        let ahead = try await register.store.dueCounts(from: start, to: end)
        let overdue = try await register.store.dueCounts(from: LocalDate(1, 1, 1), to: asOf)
        let caseload = try await register.store.openCaseload()
        var officers = Set(caseload.keys)
        officers.formUnion(ahead.map(\.officer))
        officers.formUnion(overdue.map(\.officer))
        func row(_ officer: String?, _ filter: (String?) -> Bool) -> Workload.Row {
            func monthly(_ kinds: Set<DueKind>) -> [Int] {
                monthNames.map { month in
                    ahead.filter { filter($0.officer) && $0.month == month && kinds.contains($0.kind) }.reduce(0) { $0 + $1.count }
                }
            }
            return Workload.Row(
                officer: officer,
                openCases: caseload.filter { filter($0.key) }.reduce(0) { $0 + $1.value },
                overdueNow: overdue.filter { filter($0.officer) && $0.kind != .endOfCompulsorySchoolAge }.reduce(0) { $0 + $1.count },
                contactsDue: monthly(Workload.contactKinds),
                reviewsDue: monthly(Workload.reviewKinds),
                otherDue: monthly(Workload.otherKinds)
            )
        }
        let rows = officers.sorted { ($0 ?? "\u{10FFFF}") < ($1 ?? "\u{10FFFF}") }.map { officer in row(officer) { $0 == officer } }
        return Workload(asOf: asOf, months: monthNames, officers: rows, total: row(nil) { _ in true })
    }

    /// Daily maintenance: brings due items up to date with the rules if needed, then closes every open
    /// episode whose child passed the end of compulsory school age before `asOf` (end reason
    /// `ceased_csa`, end date the school leaving date). Running it twice on a date changes nothing.
    /// `actor` names who closes episodes in the audit log (default: the command-line user).
    public func maintenance(
        asOf: LocalDate,
        actor: String? = nil,
        progress: (Int, Int) -> Void = { _, _ in }
    ) async throws
        -> MaintenanceReport
    {
        var report = MaintenanceReport(asOf: asOf, dueItemsRecomputed: 0, snapshotsWritten: 0, closed: [])
        if try await !register.storage.cases.dueItemsAreCurrent() {
            report.dueItemsRecomputed = try await register.storage.cases.recomputeDueItems(batchSize: 2_000, progress: progress)
        }
        if try await !register.storage.cases.clearSnapshotsComplete() {
            report.snapshotsWritten = try await register.storage.cases.completeClearSnapshots(batchSize: 5_000)
        }
        let ended = try await list(DueQuery(asOf: asOf, overdueOnly: true, kind: .endOfCompulsorySchoolAge))
        for item in ended {
            let cases = actor.map { register.cases.acting(as: $0, from: nil) } ?? register.cases
            _ = try await cases.close(item.reference, reason: .ceasedCompulsorySchoolAge, date: item.dueDate)
            report.closed.append(MaintenanceReport.Closure(reference: item.reference, endDate: item.dueDate))
        }
        return report
    }
}

/// The workload forecast.
public struct Workload: Sendable, Codable, Hashable {
    static let contactKinds: Set<DueKind> = [.initialContact, .annualContact]
    static let reviewKinds: Set<DueKind> = [.ehcpReview, .ehcpDecision]
    static let otherKinds: Set<DueKind> = [.s437Expiry, .returnPlanTarget, .consentDecision]

    public struct Row: Sendable, Codable, Hashable {
        /// Nil: unassigned cases (in `officers`) or everyone (in `total`).
        public var officer: String?
        public var openCases: Int
        /// Items overdue now (end of compulsory school age left out: maintenance closes those).
        public var overdueNow: Int
        /// Initial and annual contacts falling due each month.
        public var contactsDue: [Int]
        /// EHCP reviews and review decisions falling due each month.
        public var reviewsDue: [Int]
        /// s.437 notice periods, return-plan targets and consent decisions falling due each month.
        public var otherDue: [Int]
    }

    public var asOf: LocalDate
    /// `YYYY-MM`, from the month of `asOf`.
    public var months: [String]
    public var officers: [Row]
    public var total: Row
}

/// What `ehe maintenance run` did.
public struct MaintenanceReport: Sendable, Codable, Hashable {
    public struct Closure: Sendable, Codable, Hashable {
        public var reference: CaseReference
        public var endDate: LocalDate
    }

    public var asOf: LocalDate
    public var dueItemsRecomputed: Int
    /// Children whose clear-data snapshot was written (a register upgraded from before snapshots).
    public var snapshotsWritten: Int
    public var closed: [Closure]
}

extension Register {
    public var reminders: ReminderService { ReminderService(register: self) }
}

extension CaseService {
    /// Assigns a case to an officer, or unassigns it with nil.
    public func assign(_ reference: CaseReference, officer: String?, expectedVersion: Int? = nil) async throws -> StoredCase {
        let name = officer?.trimmingWhitespace
        if let name, name.isEmpty {
            throw RegisterError.invalid([
                ValidationProblem(field: "officer", rule: "required", message: "name the officer, or unassign the case")
            ])
        }
        return try await change("case.assign", reference, expectedVersion: expectedVersion) { $0.assignedOfficer = name }
    }
}
