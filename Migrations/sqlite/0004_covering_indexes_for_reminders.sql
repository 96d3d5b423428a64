-- Covering indexes so reminder lists and the workload forecast read only indexes on a large register:
-- due items by date with every column the queries return, and open cases by officer.

DROP INDEX "due_item_date";
CREATE INDEX "due_item_date" ON "due_item" ("due_date", "child_id", "kind", "officer", "sequence");

DROP INDEX "child_status";
CREATE INDEX "child_caseload" ON "child" ("status", "assigned_officer");
