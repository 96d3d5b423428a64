-- Blind indexes for search and duplicate detection (keyed HMAC tokens, never plaintext), and erasure by
-- crypto-shredding (the clear columns stay for statistics; when and why are recorded).

-- One row per index entry. "token" is the first 8 bytes of HMAC-SHA256(per-kind key, normalised value)
-- as a signed 64-bit integer; "kind" is the index kind's number (IndexKind.number in EHECore).
CREATE TABLE "blind_index" (
    "token" INTEGER NOT NULL,
    "kind" INTEGER NOT NULL,
    "child_id" INTEGER NOT NULL REFERENCES "child" ("id") ON DELETE CASCADE
) STRICT;

CREATE INDEX "blind_index_lookup" ON "blind_index" ("kind", "token", "child_id");
CREATE INDEX "blind_index_child" ON "blind_index" ("child_id");

-- The index key a child's entries were made with (key rotation re-indexes children not on the primary).
ALTER TABLE "child" ADD COLUMN "index_key_id" TEXT;
CREATE INDEX "child_index_key" ON "child" ("index_key_id");

ALTER TABLE "child" ADD COLUMN "erased_at" TEXT;
ALTER TABLE "child" ADD COLUMN "erasure_reason" TEXT;
