-- "Who looked at this child's record?" is answered from an index on the case reference. Keyed by the
-- case reference alone, it took every new entry at a random place: on a busy service each audited read
-- dirtied one more page of it, and every group commit wrote those pages to the log (about one 4 KB page
-- per entry) and the checkpointer wrote them again.
--
-- Keyed first by the block of 1,024 sequence numbers an entry falls in, then by case reference, new
-- entries land in the last block's few pages, which one commit writes once for all its entries. A query
-- by case looks the reference up in each block (SQLiteAuditLog: one index search per 1,024 entries of
-- the log, newest block first): about 10,000 searches for 10 million entries.
DROP INDEX "audit_entry_case";
CREATE INDEX "audit_entry_case" ON "audit_entry" ("seq" >> 10, "case_ref") WHERE "case_ref" IS NOT NULL;
