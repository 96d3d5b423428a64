-- The audit log (DESIGN.md §7), in audit.sqlite beside register.sqlite: append-only entries, each MAC
-- covering its content and the previous entry's MAC. Who, when, what, which case reference, from where —
-- never personal data.
--
-- A file of its own so that the commits of audited reads do not invalidate the page caches of the
-- connections reading cases (see Migrations/sqlite/0009_audit_log_file.sql). Back the two files up together.
CREATE TABLE "audit_entry" (
    "seq" INTEGER PRIMARY KEY,                      -- 1, 2, 3, … without gaps
    "at" TEXT NOT NULL,                             -- ISO 8601 UTC with milliseconds
    "actor" TEXT NOT NULL,                          -- user:NAME, token:NAME, cli:OSUSER, anonymous
    "action" TEXT NOT NULL,
    "case_ref" TEXT,
    "address" TEXT,
    "outcome" TEXT NOT NULL,
    "detail" TEXT,
    "key_id" TEXT NOT NULL,                         -- audit key the MAC was made with
    "mac" BLOB NOT NULL
) STRICT;

CREATE INDEX "audit_entry_case" ON "audit_entry" ("case_ref", "seq") WHERE "case_ref" IS NOT NULL;
CREATE INDEX "audit_entry_at" ON "audit_entry" ("at");

CREATE TRIGGER "audit_entry_no_update" BEFORE UPDATE ON "audit_entry"
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER "audit_entry_no_delete" BEFORE DELETE ON "audit_entry"
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- The chain's head (last sequence number and MAC), itself MACed: deleting entries from the end leaves the
-- head pointing past the last entry. Written in the same transaction as every append, with the id of the
-- last event taken from register.sqlite's audit_inbox (so a crash between chaining inbox events and
-- deleting them from the inbox cannot chain them twice).
CREATE TABLE "audit_head" (
    "id" INTEGER PRIMARY KEY CHECK ("id" = 1),
    "seq" INTEGER NOT NULL,
    "mac" BLOB NOT NULL,
    "key_id" TEXT NOT NULL,
    "head_mac" BLOB NOT NULL,
    "inbox_id" INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Named facts about this file: 'log_id', a random id also kept in register.sqlite's register_meta
-- ('audit_log_id'), so a missing or swapped audit file is refused rather than silently started afresh.
CREATE TABLE "audit_meta" (
    "key" TEXT PRIMARY KEY,
    "value" TEXT NOT NULL
) STRICT;
