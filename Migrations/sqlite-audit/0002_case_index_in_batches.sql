-- "Who looked at this child's record?" is answered from a per-case index that is filled in sorted
-- batches (each hour by the service, and by `ehe maintenance run`) instead of in every append.
--
-- An index on the case reference is written at a random place for every entry: on a busy service each
-- audited read dirtied one more page of it, and every commit wrote those pages to the log and later back
-- to the file. Filled in batches, the entries of many reads share pages. The entries not yet in the index
-- (those after audit_case_progress.through) are found by a scan of the log's tail, so a query by case is
-- always complete.
DROP INDEX "audit_entry_case";

-- Derived from audit_entry (the chain's MACs cover the entries, not this), append-only like the log.
CREATE TABLE "audit_case" (
    "case_ref" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    PRIMARY KEY ("case_ref", "seq")
) STRICT, WITHOUT ROWID;

CREATE TRIGGER "audit_case_no_update" BEFORE UPDATE ON "audit_case"
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER "audit_case_no_delete" BEFORE DELETE ON "audit_case"
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- The last sequence number whose entry is in audit_case (entries without a case count as indexed).
CREATE TABLE "audit_case_progress" (
    "id" INTEGER PRIMARY KEY CHECK ("id" = 1),
    "through" INTEGER NOT NULL
) STRICT;

INSERT INTO "audit_case" ("case_ref", "seq")
SELECT "case_ref", "seq" FROM "audit_entry" WHERE "case_ref" IS NOT NULL ORDER BY "case_ref", "seq";
INSERT INTO "audit_case_progress" ("id", "through") VALUES (1, (SELECT coalesce(max("seq"), 0) FROM "audit_entry"));
