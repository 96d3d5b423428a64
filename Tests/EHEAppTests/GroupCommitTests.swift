import EHEApp
import EHECore
import EHETestSupport
import Foundation
import Testing

/// Audit entries are committed by their own thread, many requests to a commit, each caller answered only
/// once its entry is durable.
@Suite("Audit group commit")
struct GroupCommitTests {
    /// Records from `callers` concurrent tasks, each its own events, and waits for all.
    static func burst(_ register: Register, callers: Int, events: @escaping @Sendable (Int) -> [AuditEvent]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<callers {
                group.addTask { try await register.audit.record(events(index)) }
            }
            try await group.waitForAll()
        }
    }

    static func entries(_ register: Register) async throws -> [AuditEntry] {
        let entries = Collector<AuditEntry>()
        try await register.audit.forEachEntry(AuditQuery()) { entries.append($0) }
        return entries.value
    }

    @Test("hundreds of concurrent records all return, every entry is in the chain once, and the chain verifies")
    func concurrentRecords() async throws {
        let workspace = Workspace()
        defer { workspace.remove() }
        let register = try workspace.open(initialise: true)
        defer { try? register.close() }
        let before = try await register.audit.verify().entries
        // Some callers record two events together: they must stay together and in order.
        try await Self.burst(register, callers: 400) { index in
            (0..<(index % 3 == 0 ? 2 : 1)).map { part in
                AuditEvent(actor: "test:\(index)", action: "burst.\(part)", caseReference: "EHE-\(index)")
            }
        }
        let verification = try await register.audit.verify()
        #expect(verification.intact)
        #expect(verification.entries - before == 400 + 134)
        let burst = try await Self.entries(register).filter { $0.event.action.hasPrefix("burst.") }
        #expect(Set(burst.map(\.event.actor)).count == 400)
        // A caller's two events are adjacent and in order.
        for (actor, mine) in Dictionary(grouping: burst, by: \.event.actor) where mine.count == 2 {
            #expect(mine.map(\.event.action) == ["burst.0", "burst.1"], "\(actor)")
            #expect(mine[1].sequence == mine[0].sequence + 1, "\(actor)")
        }
        #expect(Dictionary(grouping: burst, by: \.event.actor).values.filter { $0.count == 2 }.count == 134)
    }

    @Test("after a burst the commit thread goes idle, and a single later record is still written and returns")
    func quietAfterBurst() async throws {
        let workspace = Workspace()
        defer { workspace.remove() }
        let register = try workspace.open(initialise: true)
        defer { try? register.close() }
        try await Self.burst(register, callers: 50) { index in [AuditEvent(actor: "test:\(index)", action: "burst")] }
        try await Task.sleep(for: .milliseconds(50))
        try await register.audit.record(AuditEvent(actor: "test:late", action: "late"))
        #expect(try await Self.entries(register).last?.event.action == "late")
        #expect(try await register.audit.verify().intact)
    }
}
