-- Due items (reminders): what falls due on each open case, recomputed by the store whenever a case is
-- written, so reminder lists and workload forecasts are index range scans. Reference, kind, date and
-- officer only: no personal data.

CREATE TABLE "due_item" (
    "child_id" INTEGER NOT NULL REFERENCES "child" ("id") ON DELETE CASCADE,
    "kind" TEXT NOT NULL,
    "due_date" TEXT NOT NULL,
    "officer" TEXT,
    "sequence" INTEGER NOT NULL DEFAULT 0,     -- goes up when the date changes (iCalendar SEQUENCE)
    PRIMARY KEY ("child_id", "kind")
) STRICT;

CREATE INDEX "due_item_date" ON "due_item" ("due_date", "child_id");
CREATE INDEX "due_item_officer" ON "due_item" ("officer", "due_date");

-- Register-wide facts, such as the fingerprint of the reminder policy the due items were computed under.
CREATE TABLE "register_meta" (
    "key" TEXT PRIMARY KEY,
    "value" TEXT NOT NULL
) STRICT;
