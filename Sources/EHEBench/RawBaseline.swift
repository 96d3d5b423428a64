import EHECore
import Foundation
import GRDBSQLite

/// The baseline: the same rows the register writes for each case, inserted with the SQLite C API,
/// prepared statements and one transaction, with no sealing and no domain code. Personal fields are
/// written as plaintext payloads of the same layout the register seals.
enum RawBaseline {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The rows the register derives from each case, worked out before the clock starts: the baseline
    /// times only inserting them.
    struct Derived {
        /// Per case: (token, kind number) of each index entry.
        var index: [[(Int64, Int)]]
        /// Per case: (kind, due date, officer) of each due item.
        var due: [[(String, String, String?)]]

        init(records: [CaseRecord], rules: DueRules) {
            index = records.map { record in
                Set(IndexTerm.terms(for: record.child)).map { term in
                    var hasher = Hasher()
                    hasher.combine(term)
                    return (Int64(hasher.finalize()), term.kind.number)
                }
            }
            due = records.enumerated().map { offset, record in
                rules.items(for: CaseReference(number: Int64(offset + 1)), record).map { ($0.kind.rawValue, $0.dueDate.iso, $0.officer) }
            }
        }
    }

    static func run(records: [CaseRecord], derived: Derived, path: String, schema: [String]) throws -> Int {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw Failure(description: "cannot open \(path)") }
        defer { sqlite3_close(db) }
        func exec(_ sql: String) throws {
            guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
                throw Failure(description: String(cString: sqlite3_errmsg(db)))
            }
        }
        try exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;")
        for migration in schema { try exec(migration) }
        func prepare(_ sql: String) throws -> OpaquePointer {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
                throw Failure(description: String(cString: sqlite3_errmsg(db)))
            }
            return statement
        }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        func bind(_ statement: OpaquePointer, _ values: [Any?]) throws {
            sqlite3_reset(statement)
            for (offset, value) in values.enumerated() {
                let index = Int32(offset + 1)
                switch value {
                case let text as String: sqlite3_bind_text(statement, index, text, -1, transient)
                case let number as Int: sqlite3_bind_int64(statement, index, Int64(number))
                case let number as Int64: sqlite3_bind_int64(statement, index, number)
                case let flag as Bool: sqlite3_bind_int64(statement, index, flag ? 1 : 0)
                case let data as Data:
                    _ = data.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32(data.count), transient) }
                default: sqlite3_bind_null(statement, index)
                }
            }
            guard sqlite3_step(statement) == SQLITE_DONE else { throw Failure(description: String(cString: sqlite3_errmsg(db))) }
        }
        let child = try prepare(
            """
            INSERT INTO "child" ("id", "version", "sex", "birth_academic_year", "csa_start", "csa_end", "sen_provision",
              "ehcp_issue_date", "ehcp_maintaining_la", "planning_area", "assigned_officer", "status", "identity_sealed",
              "address_sealed", "family_sealed", "notes_sealed", "created_at", "updated_at")
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        )
        let dataKey = try prepare(#"INSERT INTO "data_key" ("child_id", "kek_id", "wrapped") VALUES (?, ?, ?)"#)
        let episode = try prepare(
            """
            INSERT INTO "episode" ("child_id", "seq", "start_date", "notification_source", "notification_date",
              "previous_school_urn", "previous_school_type", "deletion_ground", "deletion_ground_met_date",
              "removed_from_roll_date", "deletion_return_received_date", "consent_requirement", "consent_request_date",
              "consent_decision", "consent_decision_date", "primary_reason", "additional_reasons", "reason_notes_sealed",
              "end_date", "end_reason", "return_school_urn")
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        )
        let contact = try prepare(
            """
            INSERT INTO "contact" ("child_id", "seq", "contact_date", "method", "officer", "judgement", "substantive",
              "home_visit_requested", "home_visit_declined", "notes_sealed") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        )
        let review = try prepare(
            #"INSERT INTO "ehcp_review" ("child_id", "seq", "meeting_date", "decision_date", "decision") VALUES (?, ?, ?, ?, ?)"#
        )
        let social = try prepare(
            #"INSERT INTO "social_care_status" ("child_id", "seq", "flag", "from_date", "to_date") VALUES (?, ?, ?, ?, ?)"#
        )
        let setIndexKey = try prepare(#"UPDATE "child" SET "index_key_id" = ? WHERE "id" = ?"#)
        let indexEntry = try prepare(#"INSERT INTO "blind_index" ("token", "kind", "child_id") VALUES (?, ?, ?)"#)
        let dueItem = try prepare(
            #"INSERT INTO "due_item" ("child_id", "kind", "due_date", "officer", "sequence") VALUES (?, ?, ?, ?, ?)"#
        )
        defer {
            for statement in [child, dataKey, episode, contact, review, social, indexEntry, setIndexKey, dueItem] {
                sqlite3_finalize(statement)
            }
        }
        let wrappedKey = Data(repeating: 7, count: 2 + 22 + 12 + 44 + 16)
        let now = ISO8601DateFormatter().string(from: Date())
        try exec("BEGIN IMMEDIATE")
        for (index, record) in records.enumerated() {
            let id = Int64(index + 1)
            let dob = record.child.dateOfBirth
            var identity = PayloadWriter()
            identity.write(record.child.forenames)
            identity.write(record.child.surname)
            identity.write(record.child.preferredName)
            identity.write(dob)
            identity.write(record.child.upn)
            var address = PayloadWriter()
            address.write(record.child.address?.line1)
            address.write(record.child.address?.town)
            address.write(record.child.address?.postcode)
            var family = PayloadWriter()
            for parent in record.parents {
                family.write(parent.name)
                family.write(parent.relationship)
                family.write(parent.phones.first)
                family.write(parent.email)
            }
            var notes = PayloadWriter()
            notes.write(record.notes)
            try bind(
                child,
                [
                    id, 1, record.child.sex.rawValue, SchoolCalendar.academicYear(of: dob),
                    SchoolCalendar.compulsorySchoolAgeStart(dateOfBirth: dob).iso,
                    SchoolCalendar.compulsorySchoolAgeEnd(dateOfBirth: dob).iso, record.senProvision.rawValue,
                    record.ehcp?.issueDate.iso, nil, record.planningArea, record.assignedOfficer, record.status.rawValue,
                    identity.data, address.data, family.data, notes.data, now, now,
                ]
            )
            try bind(dataKey, [id, "kek-00000000-00000000", wrappedKey])
            try bind(setIndexKey, ["idx-00000000-00000000", id])
            for (seq, item) in record.episodes.enumerated() {
                try bind(
                    episode,
                    [
                        id, seq, item.startDate.iso, item.notificationSource.rawValue, item.notificationDate?.iso,
                        item.previousSchool?.urn, item.previousSchool?.type.rawValue, nil, nil, nil, nil,
                        item.consent.requirement.rawValue, nil, nil, nil, item.primaryReason.rawValue, "", nil,
                        item.endDate?.iso, item.endReason?.rawValue, item.returnSchoolURN,
                    ]
                )
            }
            for (seq, item) in record.contacts.enumerated() {
                try bind(
                    contact,
                    [id, seq, item.date.iso, item.method.rawValue, item.officer, item.judgement.rawValue, true, false, false, nil]
                )
            }
            for (seq, item) in (record.ehcp?.reviews ?? []).enumerated() {
                try bind(review, [id, seq, item.meetingDate.iso, item.decisionDate?.iso, item.decision?.rawValue])
            }
            for (seq, item) in record.socialCare.enumerated() {
                try bind(social, [id, seq, item.flag.rawValue, item.from.iso, item.to?.iso])
            }
            // The same index entries (an unkeyed hash standing in for the HMAC token) and due items.
            for (token, kind) in derived.index[index] {
                try bind(indexEntry, [token, kind, id])
            }
            for (kind, date, officer) in derived.due[index] {
                try bind(dueItem, [id, kind, date, officer, 0])
            }
        }
        try exec("COMMIT")
        return records.count
    }
}
