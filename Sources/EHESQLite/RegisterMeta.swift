internal import GRDB

/// The `register_meta` table: named facts about the register as a whole (the due-rules fingerprint, whether
/// every child has a clear-data snapshot).
enum RegisterMeta {
    static func value(_ db: Database, _ key: String) throws -> String? {
        try String.fetchOne(db, sql: #"SELECT "value" FROM "register_meta" WHERE "key" = ?"#, arguments: [key])
    }

    static func set(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(
            sql:
                #"INSERT INTO "register_meta" ("key", "value") VALUES (?, ?) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value""#,
            arguments: [key, value]
        )
    }
}
