public import EHECore

/// A case store in memory, for tests of everything above the store. Passes the same store contract as
/// the SQLite store. Keeps domain values as they are (no sealing: nothing is at rest).
public actor InMemoryCaseStore: CaseStore {
    private var cases: [Int64: StoredCase] = [:]
    private var nextNumber: Int64 = 1

    public init() {}

    public func add(_ records: [CaseRecord]) async throws -> [StoredCase] {
        var stored: [StoredCase] = []
        for record in records {
            let value = StoredCase(reference: CaseReference(number: nextNumber + Int64(stored.count)), version: 1, record: record)
            stored.append(value)
        }
        for value in stored { cases[value.reference.number] = value }
        nextNumber += Int64(stored.count)
        return stored
    }

    public func load(_ reference: CaseReference) async throws -> StoredCase {
        guard let stored = cases[reference.number] else { throw RegisterError.notFound(reference) }
        return stored
    }

    public func modify(
        _ reference: CaseReference,
        expectedVersion: Int?,
        _ change: @escaping @Sendable (inout CaseRecord) throws -> Void
    ) async throws -> StoredCase {
        guard var stored = cases[reference.number] else { throw RegisterError.notFound(reference) }
        if let expectedVersion, expectedVersion != stored.version {
            throw RegisterError.conflict(reference, expected: expectedVersion, actual: stored.version)
        }
        var record = stored.record
        try change(&record)
        stored.record = record
        stored.version += 1
        cases[reference.number] = stored
        return stored
    }

    public func facts(_ query: CaseQuery) async throws -> [CaseFacts] {
        let all = cases.values.sorted { $0.reference < $1.reference }.map(CaseFacts.init)
            .filter { query.status == nil || $0.status == query.status }
        let slice = all.dropFirst(query.offset)
        return Array(query.limit.map { slice.prefix($0) } ?? slice)
    }
}
