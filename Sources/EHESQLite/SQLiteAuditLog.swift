public import EHECore
public import Foundation
public import GRDB

/// The audit log in SQLite: `audit_entry` rows chained by MAC, and an `audit_head` row (itself MACed)
/// updated in the same transaction as every append, so removing entries from the end is detected too.
///
/// Entries live in a file of their own (`audit.sqlite`, see `AuditDatabase`); events of case changes wait
/// in the register's `audit_inbox`, written in the change's own transaction, until the next append chains
/// them. The head records the last inbox id chained, so a crash between the two files' commits neither
/// loses an event nor chains one twice.
public struct SQLiteAuditLog: AuditLog {
    /// `register.sqlite`: the inbox.
    let register: DatabaseAccess
    /// `audit.sqlite`: the chain.
    let log: DatabaseAccess
    /// The commit thread's connection for reading the inbox before every batch (nil for a queue database):
    /// a pool read costs two queue hops and GRDB's read wrapper each time.
    let inboxReaders: PointReaders?

    public init(register: any DatabaseWriter, log: any DatabaseWriter) {
        self.register = DatabaseAccess(writer: register)
        self.log = DatabaseAccess(writer: log)
        inboxReaders = (register as? DatabasePool).map(PointReaders.init(pool:))
    }

    /// Closes the connection kept for reading the inbox (before the databases are closed).
    public func closeReaders() {
        inboxReaders?.close()
    }

    /// The events waiting in the register's inbox, oldest first.
    func inbox() throws -> [Row] {
        let read = { (db: Database) in try Row.fetchAll(db.cachedStatement(sql: #"SELECT * FROM "audit_inbox" ORDER BY "id""#)) }
        if let rows = try DatabaseAccess.mappingDatabaseErrorsNow({ try inboxReaders?.read(read) }) { return rows }
        return try register.readNow(read)
    }

    public func append(_ events: [AuditEvent], at date: Date, signer: any AuditSigner) throws -> [AuditEntry] {
        let stamp = date.auditStamp
        // Statements cached: the commit thread runs these for every batch of audited requests.
        let inbox = try inbox()
        if events.isEmpty && inbox.isEmpty { return [] }
        var chainedThrough: Int64 = 0
        let written = try log.writeNow { db -> [AuditEntry] in
            let (start, anomaly) = try Self.chainStart(db, signer: signer)
            var previous = start?.mac ?? Data()
            var sequence = start?.sequence ?? 0
            chainedThrough = start?.inboxID ?? 0
            // Events recorded without the key first, keeping their own times; any the chain already holds
            // (a crash after the last append, before their deletion from the inbox) are skipped.
            var pending: [(String, AuditEvent)] = []
            for row in inbox where row["id"] as Int64 > chainedThrough {
                pending.append((row["at"], Self.event(row)))
                chainedThrough = row["id"]
            }
            if let anomaly {
                pending.insert((stamp, AuditEvent(actor: "system", action: "audit.anomaly", outcome: "failed", detail: anomaly)), at: 0)
            }
            pending += events.map { (stamp, $0) }
            var written: [AuditEntry] = []
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO "audit_entry" ("seq", "at", "actor", "action", "case_ref", "address", "outcome", "detail", "key_id", "mac")
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            for (at, event) in pending {
                sequence += 1
                var entry = AuditEntry(sequence: sequence, at: at, event: event, keyID: signer.keyID, mac: Data())
                guard let mac = signer.mac(previous: previous, content: entry.content, keyID: signer.keyID) else {
                    throw RegisterError.keyring("the audit key '\(signer.keyID)' is not in the keyring")
                }
                entry.mac = mac
                try insert.execute(arguments: [
                    sequence, at, event.actor, event.action, event.caseReference, event.address, event.outcome,
                    event.detail, signer.keyID, mac,
                ])
                previous = mac
                written.append(entry)
            }
            guard let last = written.last,
                let headMAC = signer.headMAC(sequence: last.sequence, mac: last.mac, keyID: signer.keyID)
            else { return written }
            try db.cachedStatement(
                sql: """
                    INSERT INTO "audit_head" ("id", "seq", "mac", "key_id", "head_mac", "inbox_id") VALUES (1, ?, ?, ?, ?, ?)
                    ON CONFLICT ("id") DO UPDATE SET "seq" = excluded."seq", "mac" = excluded."mac",
                        "key_id" = excluded."key_id", "head_mac" = excluded."head_mac", "inbox_id" = excluded."inbox_id"
                    """
            ).execute(arguments: [last.sequence, last.mac, signer.keyID, headMAC, chainedThrough])
            return written
        }
        // Chained and durable in the audit file: now they may leave the inbox.
        if !inbox.isEmpty {
            try register.writeNow { db in
                try db.cachedStatement(sql: #"DELETE FROM "audit_inbox" WHERE "id" <= ?"#).execute(arguments: [chainedThrough])
            }
        }
        return written
    }

    public func enqueue(_ events: [AuditEvent], at date: Date) throws {
        try register.writeNow { db in try Self.enqueue(db, events, at: date) }
    }

    /// Writes events to the inbox inside the caller's transaction (a case change and its audit entry are
    /// kept or lost together); the next keyed append chains them.
    public static func enqueue(_ db: Database, _ events: [AuditEvent], at date: Date) throws {
        guard !events.isEmpty else { return }
        let stamp = date.auditStamp
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO "audit_inbox" ("at", "actor", "action", "case_ref", "address", "outcome", "detail")
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        )
        for event in events {
            try insert.execute(arguments: [
                stamp, event.actor, event.action, event.caseReference, event.address, event.outcome, event.detail,
            ])
        }
    }

    public func forEachEntry(_ query: AuditQuery, _ body: @escaping @Sendable (AuditEntry) throws -> Void) async throws {
        let (sql, arguments) = Self.selection(query)
        try await log.read { db in
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() { try body(Self.entry(row)) }
        }
    }

    /// The `SELECT` for a query, and its arguments.
    static func selection(_ query: AuditQuery) -> (sql: String, arguments: StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        // Only entries after the floor: the last `window` entries' predecessor, or `above` if higher (its
        // arguments: the window, then `above`).
        let floor = #"(SELECT max(max("seq") - ?, ?, 0) FROM "audit_entry")"#
        let window = Int64(clamping: query.withinLast ?? Int.max)
        if let reference = query.caseReference {
            // The case index is keyed by block of 1,024 sequence numbers, then case (migration 0002 of
            // audit.sqlite): look the case up in each block, from the newest down to the block of the
            // floor, which a page's `afterSequence` or a `sequence` raise too.
            let above = max(query.afterSequence ?? 0, (query.sequence ?? 1) - 1)
            conditions.append(
                #""seq" IN (WITH RECURSIVE "block"("n") AS ("#
                    + #"SELECT (SELECT max("seq") FROM "audit_entry") >> 10 UNION ALL "#
                    + #"SELECT "n" - 1 FROM "block" WHERE "n" > \#(floor) >> 10) "#
                    + #"SELECT "entry"."seq" FROM "block" JOIN "audit_entry" AS "entry" "#
                    + #"ON ("entry"."seq" >> 10) = "block"."n" AND "entry"."case_ref" = ?)"#
            )
            _ = arguments.append(contentsOf: [window, above, reference])
        }
        if query.withinLast != nil {
            conditions.append(#""seq" > \#(floor)"#)
            _ = arguments.append(contentsOf: [window, 0])
        }
        if let sequence = query.sequence {
            conditions.append(#""seq" = ?"#)
            _ = arguments.append(contentsOf: [sequence])
        }
        if let after = query.afterSequence {
            conditions.append(#""seq" > ?"#)
            _ = arguments.append(contentsOf: [after])
        }
        if let from = query.from {
            conditions.append(#""at" >= ?"#)
            _ = arguments.append(contentsOf: [from])
        }
        if let to = query.to {
            // A bare date means the whole day.
            conditions.append(#""at" <= ?"#)
            _ = arguments.append(contentsOf: [to.count == 10 ? to + "T23:59:59.999Z" : to])
        }
        var sql = #"SELECT * FROM "audit_entry""#
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += query.newestFirst ? #" ORDER BY "seq" DESC"# : #" ORDER BY "seq""#
        if let limit = query.limit { sql += " LIMIT \(max(0, limit))" }
        return (sql, arguments)
    }

    public func verify(signer: any AuditSigner) async throws -> AuditVerification {
        try await log.read { db in
            var previous = Data()
            var expected = 1
            var count = 0
            var firstAnomaly: (Int, String)?
            func failure(_ sequence: Int, _ problem: String) -> AuditVerification {
                AuditVerification(entries: count, headSequence: nil, headMAC: nil, firstBad: sequence, problem: problem)
            }
            let cursor = try Row.fetchCursor(db, sql: #"SELECT * FROM "audit_entry" ORDER BY "seq""#)
            while let row = try cursor.next() {
                let entry = Self.entry(row)
                guard entry.sequence == expected else {
                    return failure(
                        expected,
                        entry.sequence > expected
                            ? "entry \(expected) is missing (the next entry is \(entry.sequence))"
                            : "entry \(entry.sequence) is out of order"
                    )
                }
                guard let mac = signer.mac(previous: previous, content: entry.content, keyID: entry.keyID) else {
                    return failure(entry.sequence, "entry \(entry.sequence) names audit key '\(entry.keyID)', which is not in the keyring")
                }
                guard mac == entry.mac else {
                    return failure(
                        entry.sequence,
                        "entry \(entry.sequence) does not match its MAC: it was altered, or an entry before it was removed or reordered"
                    )
                }
                if entry.event.action == "audit.anomaly", firstAnomaly == nil {
                    firstAnomaly = (entry.sequence, entry.event.detail ?? "")
                }
                previous = entry.mac
                expected += 1
                count += 1
            }
            let last = count == 0 ? nil : expected - 1
            guard
                let head = try Row.fetchOne(
                    db.cachedStatement(sql: #"SELECT "seq", "mac", "key_id", "head_mac" FROM "audit_head" WHERE "id" = 1"#)
                )
            else {
                if let last { return failure(last, "the chain's head record is missing: the log was tampered with") }
                return AuditVerification(entries: 0, headSequence: nil, headMAC: nil, firstBad: nil, problem: nil)
            }
            let headSequence: Int = head["seq"]
            let headMAC: Data = head["mac"]
            let headKey: String = head["key_id"]
            guard signer.headMAC(sequence: headSequence, mac: headMAC, keyID: headKey) == head["head_mac"] else {
                return failure(headSequence, "the chain's head record does not match its MAC: it was altered")
            }
            guard headSequence == (last ?? 0) else {
                return failure(
                    min(headSequence, (last ?? 0) + 1),
                    headSequence > (last ?? 0)
                        ? "entries \((last ?? 0) + 1)–\(headSequence) were removed from the end of the log"
                        : "entries after \(headSequence) were added without the audit key"
                )
            }
            guard headMAC == previous else {
                return failure(headSequence, "entry \(headSequence) is not the entry the head record names")
            }
            if let (sequence, detail) = firstAnomaly {
                return failure(sequence, "entry \(sequence) records that the log was tampered with before it: \(detail)")
            }
            return AuditVerification(
                entries: count,
                headSequence: headSequence,
                headMAC: headMAC.hexString,
                firstBad: nil,
                problem: nil
            )
        }
    }

    /// Where the next entry continues the chain from: the head record when its MAC holds (so entries
    /// removed from the end stay detectable as a gap), else the last entry. Any disagreement is returned as
    /// an anomaly, which `append` records as an entry of its own before anything else.
    /// The inbox id is the last inbox event already chained (0 without a head).
    static func chainStart(
        _ db: Database,
        signer: any AuditSigner
    ) throws -> (start: (sequence: Int, mac: Data, inboxID: Int64)?, anomaly: String?) {
        let lastRow = try Row.fetchOne(db.cachedStatement(sql: #"SELECT "seq", "mac" FROM "audit_entry" ORDER BY "seq" DESC LIMIT 1"#))
        guard
            let head = try Row.fetchOne(
                db.cachedStatement(sql: #"SELECT "seq", "mac", "key_id", "head_mac", "inbox_id" FROM "audit_head" WHERE "id" = 1"#)
            )
        else {
            let last = lastRow.map { (sequence: $0["seq"] as Int, mac: $0["mac"] as Data, inboxID: Int64(0)) }
            return (last, last.map { "the head record was missing; the last entry was \($0.sequence)" })
        }
        let inboxID: Int64 = head["inbox_id"]
        let last = lastRow.map { (sequence: $0["seq"] as Int, mac: $0["mac"] as Data, inboxID: inboxID) }
        let sequence: Int = head["seq"]
        let mac: Data = head["mac"]
        guard signer.headMAC(sequence: sequence, mac: mac, keyID: head["key_id"]) == head["head_mac"] else {
            return (last, "the head record failed its MAC check")
        }
        guard let last, last.sequence == sequence, last.mac == mac else {
            let anomaly = "the head record names entry \(sequence) but the last entry is \(last?.sequence ?? 0)"
            // Entries removed from the end: go on from the head, so the gap stays visible. Rows added past
            // the head (without the key): go on after them, or the next number would already be taken.
            if let last, last.sequence > sequence { return (last, anomaly) }
            return ((sequence, mac, inboxID), anomaly)
        }
        return (last, nil)
    }

    static func event(_ row: Row) -> AuditEvent {
        AuditEvent(
            actor: row["actor"],
            action: row["action"],
            caseReference: row["case_ref"],
            address: row["address"],
            outcome: row["outcome"],
            detail: row["detail"]
        )
    }

    static func entry(_ row: Row) -> AuditEntry {
        AuditEntry(sequence: row["seq"], at: row["at"], event: event(row), keyID: row["key_id"], mac: row["mac"])
    }
}
