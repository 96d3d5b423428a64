public import Foundation

/// Something a person or system did that the data protection officer must be able to see later: who,
/// what, which case, from where, and whether it was allowed. Never the personal data itself — only case
/// references, counts, key ids and route names.
public struct AuditEvent: Sendable, Hashable, Codable {
    /// `user:NAME`, `token:NAME`, `cli:OSUSER` or `anonymous`.
    public var actor: String
    /// What happened, e.g. `case.view`, `case.update`, `search.result`, `signin.failed`, `keys.rotate`.
    public var action: String
    public var caseReference: String?
    /// The client's network address, for requests.
    public var address: String?
    /// `ok`, `denied` or `failed`.
    public var outcome: String
    /// Non-personal detail: a count, a key id, a disclosure mode, a route.
    public var detail: String?

    public init(
        actor: String,
        action: String,
        caseReference: String? = nil,
        address: String? = nil,
        outcome: String = "ok",
        detail: String? = nil
    ) {
        self.actor = actor
        self.action = action
        self.caseReference = caseReference
        self.address = address
        self.outcome = outcome
        self.detail = detail
    }
}

/// An event as it stands in the audit log: numbered, timed and chained.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var sequence: Int
    /// ISO 8601 UTC with milliseconds.
    public var at: String
    public var event: AuditEvent
    public var keyID: String
    public var mac: Data

    public init(sequence: Int, at: String, event: AuditEvent, keyID: String, mac: Data) {
        self.sequence = sequence
        self.at = at
        self.event = event
        self.keyID = keyID
        self.mac = mac
    }

    /// The bytes the entry's MAC covers (with the previous entry's MAC in front): every field, each
    /// length-prefixed, so no two different entries share an encoding.
    public var content: Data {
        let fields = [
            "ehe-audit/v1", String(sequence), at, event.actor, event.action, event.caseReference, event.address,
            event.outcome, event.detail, keyID,
        ]
        // Sized once and filled in place: the commit thread builds this for every audited request.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.reduce(0) { $0 + 4 + ($1?.utf8.count ?? 0) })
        for field in fields {
            guard let field else {
                bytes.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF])
                continue
            }
            withUnsafeBytes(of: UInt32(field.utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: field.utf8)
        }
        return Data(bytes)
    }
}

/// Makes and checks the audit chain's MACs (a keyed HMAC; the key comes from the keyring).
public protocol AuditSigner: Sendable {
    /// Id of the key new entries are MACed with.
    var keyID: String { get }
    /// MAC over the previous entry's MAC followed by `content`, with the key `keyID`; nil when that key is
    /// not in the keyring.
    func mac(previous: Data, content: Data, keyID: String) -> Data?
}

extension AuditSigner {
    /// The MAC of the chain's head record (last sequence number and MAC).
    public func headMAC(sequence: Int, mac: Data, keyID: String) -> Data? {
        self.mac(previous: mac, content: Data("ehe-audit-head/v1|\(sequence)".utf8), keyID: keyID)
    }
}

/// Which audit entries to read.
public struct AuditQuery: Sendable, Hashable {
    public var caseReference: String?
    /// Inclusive ISO 8601 bounds compared on `at` (a date `2026-11-30` means from its start / to its end).
    public var from: String?
    public var to: String?
    public var limit: Int?
    /// Only the entry with this sequence number.
    public var sequence: Int?
    /// Only entries after this sequence number (paging).
    public var afterSequence: Int?
    /// Newest first (with `limit`: the last entries, without reading the rest).
    public var newestFirst = false
    /// Only among the log's last this many entries. A query by case searches the log block by block
    /// (`SQLiteAuditLog`), so a bound keeps an interactive view's cost fixed however long the log grows.
    public var withinLast: Int?

    public init(caseReference: String? = nil, from: String? = nil, to: String? = nil, limit: Int? = nil, sequence: Int? = nil) {
        self.sequence = sequence
        self.caseReference = caseReference
        self.from = from
        self.to = to
        self.limit = limit
    }
}

/// The result of checking the whole chain.
public struct AuditVerification: Sendable, Hashable, Codable {
    public var entries: Int
    public var headSequence: Int?
    /// Hex of the last entry's MAC: keep it elsewhere to detect a later rollback (`ehe audit verify --expect`).
    public var headMAC: String?
    /// The first entry (sequence number) that fails, and why; nil when the chain is intact.
    public var firstBad: Int?
    public var problem: String?
    public var intact: Bool { problem == nil }

    public init(entries: Int, headSequence: Int?, headMAC: String?, firstBad: Int?, problem: String?) {
        self.entries = entries
        self.headSequence = headSequence
        self.headMAC = headMAC
        self.firstBad = firstBad
        self.problem = problem
    }
}

/// The audit log's storage. Appends are whole batches in one durable transaction.
public protocol AuditLog: Sendable {
    /// Appends the events, in order, timed `at`, chaining each to the last entry; also takes any events
    /// waiting in the inbox into the chain first. Returns the entries written.
    ///
    /// Blocks until the entries are durable: call it from a thread of its own (the audit service's commit
    /// thread), never from a Swift concurrency thread, where waiting for the disk would stall other tasks.
    @discardableResult
    func append(_ events: [AuditEvent], at: Date, signer: any AuditSigner) throws -> [AuditEntry]
    /// Records events without a MAC, for a process that runs without the keyring (the next `append`
    /// chains them, keeping their time). Blocks until durable, as `append` does.
    func enqueue(_ events: [AuditEvent], at: Date) throws
    /// Streams matching entries in sequence order.
    func forEachEntry(_ query: AuditQuery, _ body: @escaping @Sendable (AuditEntry) throws -> Void) async throws
    /// Walks the whole chain and reports the first entry that does not check out.
    func verify(signer: any AuditSigner) async throws -> AuditVerification
}

extension Date {
    /// ISO 8601 UTC with milliseconds (`2026-11-30T09:15:00.123Z`), the audit log's time format. Written
    /// by hand: a formatter object per call cost more than the rest of an audited request.
    public var auditStamp: String { iso8601(milliseconds: true) }

    /// ISO 8601 UTC, to the second (`2026-11-30T09:15:00Z`), or to the millisecond.
    public func iso8601(milliseconds: Bool = false) -> String {
        let totalMilliseconds = Int((timeIntervalSince1970 * 1000).rounded(.down))
        var days = totalMilliseconds / 86_400_000
        var rest = totalMilliseconds % 86_400_000
        if rest < 0 {
            days -= 1
            rest += 86_400_000
        }
        let date = LocalDate(daysSinceEpoch: days)
        let hours = rest / 3_600_000
        let minutes = rest / 60_000 % 60
        let seconds = rest / 1000 % 60
        guard (0...9999).contains(date.year) else {
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
            var text = date.iso + "T" + two(hours) + ":" + two(minutes) + ":" + two(seconds)
            if milliseconds {
                let fraction = rest % 1000
                text += "." + (fraction < 100 ? "0" : "") + (fraction < 10 ? "0" : "") + String(fraction)
            }
            return text + "Z"
        }
        let length = milliseconds ? 24 : 20
        return String(unsafeUninitializedCapacity: length) { buffer in
            date.writeISO(into: buffer)
            buffer[10] = UInt8(ascii: "T")
            buffer.writeDigits(hours, width: 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            buffer.writeDigits(minutes, width: 2, at: 14)
            buffer[16] = UInt8(ascii: ":")
            buffer.writeDigits(seconds, width: 2, at: 17)
            if milliseconds {
                buffer[19] = UInt8(ascii: ".")
                buffer.writeDigits(rest % 1000, width: 3, at: 20)
            }
            buffer[length - 1] = UInt8(ascii: "Z")
            return length
        }
    }
}
