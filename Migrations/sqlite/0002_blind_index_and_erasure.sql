-- Blind indexes for search and duplicate detection (keyed HMAC tokens, never plaintext), and erasure by
-- crypto-shredding (the clear columns stay for statistics; when and why are recorded).

CREATE TABLE "blind_index" (
    "kind" TEXT NOT NULL,
    "token" BLOB NOT NULL,                          -- 8-byte truncated HMAC-SHA256 of the normalised value
    "child_id" INTEGER NOT NULL REFERENCES "child" ("id") ON DELETE CASCADE,
    "key_id" TEXT NOT NULL,                         -- the index key it was made with
    PRIMARY KEY ("kind", "token", "child_id", "key_id")
) STRICT, WITHOUT ROWID;

CREATE INDEX "blind_index_child" ON "blind_index" ("child_id");
CREATE INDEX "blind_index_key" ON "blind_index" ("key_id", "child_id");

ALTER TABLE "child" ADD COLUMN "erased_at" TEXT;
ALTER TABLE "child" ADD COLUMN "erasure_reason" TEXT;
