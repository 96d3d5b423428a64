-- The outcome of a s.437(1) notice (parent satisfied the LA, no further action, SAO to follow) and the day
-- it was decided. Clear: codes and dates, no personal data. A notice with an outcome has no s437_expiry
-- reminder; existing notices have none yet, so stored due items stay current.
ALTER TABLE "enforcement_event" ADD COLUMN "outcome" TEXT;
ALTER TABLE "enforcement_event" ADD COLUMN "outcome_date" TEXT;
