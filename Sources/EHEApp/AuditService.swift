public import EHECore
public import Foundation

/// Records audit events durably before the caller goes on (an API response is sent only after its audit
/// entry is committed), committing concurrent events together in one transaction ("group commit"), so
/// auditing every read costs one fsync per batch rather than one per request.
///
/// A process without the keyring (exports) cannot MAC entries: its events wait in the inbox and the next
/// keyed process chains them.
public final class AuditService: Sendable {
    let log: any AuditLog
    let signer: (any AuditSigner)?
    private let writer: GroupCommit

    public init(log: any AuditLog, signer: (any AuditSigner)?) {
        self.log = log
        self.signer = signer
        self.writer = GroupCommit(log: log, signer: signer)
    }

    /// Records one event; returns once it is durable.
    public func record(_ event: AuditEvent) async throws {
        try await writer.submit([event])
    }

    /// Records events together, in order; returns once they are durable.
    public func record(_ events: [AuditEvent]) async throws {
        guard !events.isEmpty else { return }
        try await writer.submit(events)
    }

    /// Chains events that keyless processes (exports) left in the inbox.
    public func chainInbox() async throws {
        guard let signer else { return }
        try await log.append([], at: Date(), signer: signer)
    }

    /// Checks the whole chain (needs the keyring).
    public func verify() async throws -> AuditVerification {
        guard let signer else { throw RegisterError.keyring("checking the audit log needs the keyring") }
        return try await log.verify(signer: signer)
    }

    /// Streams matching entries in order.
    public func forEachEntry(_ query: AuditQuery, _ body: @escaping @Sendable (AuditEntry) throws -> Void) async throws {
        try await log.forEachEntry(query, body)
    }

    /// The actor name for a command-line user: `cli:` and the operating-system user.
    public static func commandLineActor(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        "cli:" + (environment["USER"] ?? environment["LOGNAME"] ?? "unknown")
    }
}

/// Collects events while a commit is running and writes them all in the next one.
actor GroupCommit {
    let log: any AuditLog
    let signer: (any AuditSigner)?
    private var pending: [(events: [AuditEvent], continuation: CheckedContinuation<Void, any Error>)] = []
    private var running = false

    init(log: any AuditLog, signer: (any AuditSigner)?) {
        self.log = log
        self.signer = signer
    }

    func submit(_ events: [AuditEvent]) async throws {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((events, continuation))
            if !running {
                running = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            // Let requests already on their way join this commit: under load a few yields gather many
            // entries into one transaction (one fsync) instead of committing them one by one.
            for _ in 0..<4 where pending.count < 64 { await Task.yield() }
            let batch = pending
            pending = []
            do {
                let events = batch.flatMap(\.events)
                if let signer {
                    try await log.append(events, at: Date(), signer: signer)
                } else {
                    try await log.enqueue(events, at: Date())
                }
                for waiter in batch { waiter.continuation.resume() }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
        running = false
    }
}

/// An audit entry as shown to a manager or the DPO (CLI `audit show --json` and the API).
public struct AuditRow: Codable, Sendable, Hashable {
    public var sequence: Int
    public var at: String
    public var actor: String
    public var action: String
    public var caseReference: String?
    public var address: String?
    public var outcome: String
    public var detail: String?

    public init(_ entry: AuditEntry) {
        sequence = entry.sequence
        at = entry.at
        actor = entry.event.actor
        action = entry.event.action
        caseReference = entry.event.caseReference
        address = entry.event.address
        outcome = entry.event.outcome
        detail = entry.event.detail
    }
}

extension Register {
    /// Records an operation on the register itself (a key rotation, re-wrap, re-index, retirement) under
    /// the acting person's name.
    public func recordOperation(_ action: String, detail: String) async throws {
        try await audit.record(AuditEvent(actor: cases.actor, action: action, detail: detail))
    }
}
