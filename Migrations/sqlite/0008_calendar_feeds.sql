-- Private iCalendar feed links for officers (Outlook subscribes to a URL and cannot sign in): one per user,
-- revocable, stored as a SHA-256 digest. The feed holds case references, kinds and dates only.
CREATE TABLE "calendar_feed" (
    "user_id" INTEGER PRIMARY KEY REFERENCES "user_account" ("id") ON DELETE CASCADE,
    "digest" BLOB NOT NULL UNIQUE,
    "created_at" TEXT NOT NULL
) STRICT;
