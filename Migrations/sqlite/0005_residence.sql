-- Whether the child lives in the LA's area: only resident children count in the LA's EHE statistics
-- (DOMAIN.md §1.1). Cases kept for children living elsewhere are not counted.
ALTER TABLE "child" ADD COLUMN "lives_in_la" INTEGER NOT NULL DEFAULT 1;
