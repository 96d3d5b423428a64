-- Sign-in and accountability (DESIGN.md §7): local user accounts, API tokens, browser sessions and the
-- tamper-evident audit log. Passwords are bcrypt hashes; tokens and session ids are stored only as SHA-256
-- digests of high-entropy secrets, so a copy of this file cannot be used to sign in.

CREATE TABLE "user_account" (
    "id" INTEGER PRIMARY KEY,
    "name" TEXT NOT NULL UNIQUE,
    "role" TEXT NOT NULL CHECK ("role" IN ('officer', 'manager', 'analyst', 'admin')),
    "password_hash" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "disabled_at" TEXT,
    "failed_sign_ins" INTEGER NOT NULL DEFAULT 0,   -- consecutive failures since the last success
    "locked_until" TEXT                             -- ISO 8601 instant; no sign-in before it
) STRICT;

CREATE TABLE "api_token" (
    "id" INTEGER PRIMARY KEY,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL CHECK ("role" IN ('officer', 'manager', 'analyst', 'admin')),
    "digest" BLOB NOT NULL UNIQUE,                  -- SHA-256 of the token
    "created_at" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    "revoked_at" TEXT
) STRICT;

CREATE TABLE "session" (
    "digest" BLOB PRIMARY KEY,                      -- SHA-256 of the cookie value
    "user_id" INTEGER NOT NULL REFERENCES "user_account" ("id") ON DELETE CASCADE,
    "csrf_token" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL
) STRICT;

CREATE INDEX "session_user" ON "session" ("user_id");

-- The audit log: append-only, each entry's MAC covers its content and the previous entry's MAC.
-- Who, when, what, which case reference, from where — never personal data.
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

-- The chain's head (last sequence number and MAC), itself MACed: deleting entries from the end leaves the
-- head pointing past the last entry. Written in the same transaction as every append.
CREATE TABLE "audit_head" (
    "id" INTEGER PRIMARY KEY CHECK ("id" = 1),
    "seq" INTEGER NOT NULL,
    "mac" BLOB NOT NULL,
    "key_id" TEXT NOT NULL,
    "head_mac" BLOB NOT NULL
) STRICT;

-- Events recorded by processes that run without the keyring (exports): taken into the chain, in order,
-- by the next process that holds the audit key.
CREATE TABLE "audit_inbox" (
    "id" INTEGER PRIMARY KEY,
    "at" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "case_ref" TEXT,
    "address" TEXT,
    "outcome" TEXT NOT NULL,
    "detail" TEXT
) STRICT;

CREATE TRIGGER "audit_entry_no_update" BEFORE UPDATE ON "audit_entry"
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER "audit_entry_no_delete" BEFORE DELETE ON "audit_entry"
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
