-- The audit log's entries and chain head move to a file of their own, audit.sqlite beside this one
-- (`ehe migrate` copies them there before this runs; see Migrations/sqlite-audit).
--
-- Why: every audited read commits an entry, and SQLite drops a reader connection's whole page cache when
-- the write-ahead log has changed since its last read. With the log in this file, a read of one case on a
-- busy service re-read about 16 pages from the operating system; with the log elsewhere it reads 2–6.
--
-- The inbox stays here: a case change and its audit event still commit in one transaction. Its ids are
-- now never reused (AUTOINCREMENT), because the audit file records the last inbox id it has chained.
DROP TRIGGER "audit_entry_no_update";
DROP TRIGGER "audit_entry_no_delete";
DROP TABLE "audit_entry";
DROP TABLE "audit_head";

CREATE TABLE "audit_inbox_next" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "at" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "case_ref" TEXT,
    "address" TEXT,
    "outcome" TEXT NOT NULL,
    "detail" TEXT
) STRICT;
INSERT INTO "audit_inbox_next" SELECT "id", "at", "actor", "action", "case_ref", "address", "outcome", "detail" FROM "audit_inbox";
DROP TABLE "audit_inbox";
ALTER TABLE "audit_inbox_next" RENAME TO "audit_inbox";
