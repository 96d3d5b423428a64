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

    /// Chains events that keyless processes (exports) and case changes left in the inbox.
    public func chainInbox() async throws {
        guard signer != nil else { return }
        try await writer.submit([])
    }

    /// Checks the whole chain (needs the keyring).
    public func verify() async throws -> AuditVerification {
        guard let signer else { throw RegisterError.keyring("checking the audit log needs the keyring") }
        return try await log.verify(signer: signer)
    }

    /// The MAC (hex) of the entry with this sequence number, nil when there is none: what `audit verify
    /// --expect` and a restore compare with a head kept elsewhere, to show the log was not rolled back.
    public func entryMAC(sequence: Int) async throws -> String? {
        let found = Locked<Data?>(nil)
        try await log.forEachEntry(AuditQuery(sequence: sequence)) { entry in found.update { $0 = entry.mac } }
        return found.value?.hexString
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

/// Collects events while a commit is running and writes them all in the next one, on a thread of its own.
///
/// Requests hand their events over and wait; the commit thread takes everything waiting, writes it in one
/// transaction (one fsync), then wakes those requests. The disk wait blocks only this thread, never one of
/// Swift concurrency's few threads.
///
/// A commit costs far more than an entry (the transaction, the WAL write and fsync, the chain's head), so
/// when the service is busy — the last commit carried more than one request — the thread waits for as many
/// requests as last time, or at most `linger`, before the next commit. The requests it just answered are
/// back within that time, so one commit serves many: at 32 connections the batches grew from 3 entries
/// to about 12 and the audited case read needed a sixth less CPU. A request on a quiet service waits for
/// nothing but its own commit.
final class GroupCommit: @unchecked Sendable {
    typealias Waiter = (events: [AuditEvent], continuation: CheckedContinuation<Void, any Error>)
    static let linger: TimeInterval = 0.002
    let log: any AuditLog
    let signer: (any AuditSigner)?
    private let thread = DispatchQueue(label: "ehe.audit-commit", qos: .userInitiated)
    // Guarded by `lock`.
    private let lock = NSLock()
    private var pending: [Waiter] = []
    private var running = false
    /// How many waiting requests end the commit thread's linger early (signalled once through `enough`).
    private var wanted = Int.max
    /// Timed on the monotonic clock: a wall-clock change cannot stretch a linger.
    private let enough = DispatchSemaphore(value: 0)

    init(log: any AuditLog, signer: (any AuditSigner)?) {
        self.log = log
        self.signer = signer
    }

    func submit(_ events: [AuditEvent]) async throws {
        try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            pending.append((events, continuation))
            let start = !running
            running = true
            // Signalled under the lock, so it cannot land after the linger it was for has ended.
            if pending.count == wanted { enough.signal() }
            lock.unlock()
            if start { thread.async { self.drain() } }
        }
    }

    private func drain() {
        var last = 0
        while true {
            if last > 1 {
                lock.lock()
                let waiting = pending.count < last
                if waiting { wanted = last }
                lock.unlock()
                if waiting {
                    _ = enough.wait(timeout: .now() + Self.linger)
                    lock.lock()
                    wanted = .max
                    lock.unlock()
                    // A signal that crossed a timeout must not cut the next linger short.
                    while enough.wait(timeout: .now()) == .success {}
                }
            }
            lock.lock()
            let batch = pending
            pending = []
            if batch.isEmpty { running = false }
            lock.unlock()
            guard !batch.isEmpty else { return }
            let events = batch.flatMap(\.events)
            let written = Result<Void, any Error> {
                if let signer {
                    try log.append(events, at: Date(), signer: signer)
                } else {
                    try log.enqueue(events, at: Date())
                }
            }
            for waiter in batch { waiter.continuation.resume(with: written) }
            last = batch.count
        }
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
