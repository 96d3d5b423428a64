import EHECore
import EHETestSupport
import Testing

/// The one store contract, run against every store adapter.
@Suite("Store contract")
struct StoreContractTests {
    enum Adapter: String, CaseIterable, Sendable {
        case inMemory = "in-memory"
        case sqlite = "SQLite"
    }

    @Test("every adapter keeps the store contract", arguments: Adapter.allCases, StoreContract.names)
    func contract(adapter: Adapter, check: String) async throws {
        switch adapter {
        case .inMemory:
            try await StoreContract.run(check, against: InMemoryCaseStore())
        case .sqlite:
            let database = try TestDatabase()
            defer { database.remove() }
            try await StoreContract.run(check, against: database.store)
        }
    }
}
