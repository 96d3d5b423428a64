-- Register core: children, their data keys, episodes, contacts, SEN/EHCP, social care, return plans and
-- enforcement. Columns named *_sealed hold AES-256-GCM ciphertext (see README "Security notes"); every
-- other column is clear and holds nothing that identifies a child on its own.

CREATE TABLE "child" (
    "id" INTEGER PRIMARY KEY,                       -- the case number: EHE-000123 is id 123
    "version" INTEGER NOT NULL CHECK ("version" >= 1),
    "sex" TEXT NOT NULL,
    "birth_academic_year" INTEGER NOT NULL,         -- gives the year group on any date
    "csa_start" TEXT NOT NULL,                      -- compulsory school age start (YYYY-MM-DD)
    "csa_end" TEXT NOT NULL,                        -- compulsory school age end
    "sen_provision" TEXT NOT NULL,
    "ehcp_issue_date" TEXT,
    "ehcp_maintaining_la" TEXT,
    "planning_area" TEXT,
    "assigned_officer" TEXT,
    "status" TEXT NOT NULL CHECK ("status" IN ('open', 'closed')),
    "identity_sealed" BLOB NOT NULL,                -- names, date of birth, UPN
    "address_sealed" BLOB NOT NULL,                 -- home address
    "family_sealed" BLOB NOT NULL,                  -- parents/carers and education providers
    "notes_sealed" BLOB NOT NULL,                   -- case notes
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
) STRICT;

CREATE INDEX "child_status" ON "child" ("status");

-- One data key per child, wrapped under a key-encryption key of the keyring.
CREATE TABLE "data_key" (
    "child_id" INTEGER PRIMARY KEY REFERENCES "child" ("id") ON DELETE CASCADE,
    "kek_id" TEXT NOT NULL,
    "wrapped" BLOB NOT NULL
) STRICT;

CREATE INDEX "data_key_kek" ON "data_key" ("kek_id");

CREATE TABLE "episode" (
    "child_id" INTEGER NOT NULL REFERENCES "child" ("id") ON DELETE CASCADE,
    "seq" INTEGER NOT NULL,
    "start_date" TEXT NOT NULL,
    "notification_source" TEXT NOT NULL,
    "notification_date" TEXT,
    "previous_school_urn" TEXT,
    "previous_school_type" TEXT,
    "deletion_ground" TEXT,
    "deletion_ground_met_date" TEXT,
    "removed_from_roll_date" TEXT,
    "deletion_return_received_date" TEXT,
    "consent_requirement" TEXT NOT NULL,
    "consent_request_date" TEXT,
    "consent_decision" TEXT,
    "consent_decision_date" TEXT,
    "primary_reason" TEXT NOT NULL,
    "additional_reasons" TEXT NOT NULL,             -- space-separated codes
    "reason_notes_sealed" BLOB,
    "end_date" TEXT,
    "end_reason" TEXT,
    "return_school_urn" TEXT,
    PRIMARY KEY ("child_id", "seq")
) STRICT;

CREATE TABLE "contact" (
    "child_id" INTEGER NOT NULL REFERENCES "child" ("id") ON DELETE CASCADE,
    "seq" INTEGER NOT NULL,
    "contact_date" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "officer" TEXT NOT NULL,
    "judgement" TEXT NOT NULL,
    "substantive" INTEGER NOT NULL,
    "home_visit_requested" INTEGER NOT NULL,
    "home_visit_declined" INTEGER NOT NULL,
    "notes_sealed" BLOB,
    PRIMARY KEY ("child_id", "seq")
) STRICT;

CREATE TABLE "ehcp_review" (
    "child_id" INTEGER NOT NULL REFERENCES "child" ("id") ON DELETE CASCADE,
    "seq" INTEGER NOT NULL,
    "meeting_date" TEXT NOT NULL,
    "decision_date" TEXT,
    "decision" TEXT,
    PRIMARY KEY ("child_id", "seq")
) STRICT;

CREATE TABLE "social_care_status" (
    "child_id" INTEGER NOT NULL REFERENCES "child" ("id") ON DELETE CASCADE,
    "seq" INTEGER NOT NULL,
    "flag" TEXT NOT NULL,
    "from_date" TEXT NOT NULL,
    "to_date" TEXT,
    PRIMARY KEY ("child_id", "seq")
) STRICT;

CREATE TABLE "return_plan" (
    "child_id" INTEGER NOT NULL REFERENCES "child" ("id") ON DELETE CASCADE,
    "seq" INTEGER NOT NULL,
    "target_date" TEXT NOT NULL,
    "target_school_urn" TEXT,
    "status" TEXT NOT NULL,
    "notes_sealed" BLOB,
    PRIMARY KEY ("child_id", "seq")
) STRICT;

CREATE TABLE "enforcement_event" (
    "child_id" INTEGER NOT NULL REFERENCES "child" ("id") ON DELETE CASCADE,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "event_date" TEXT NOT NULL,
    "period_days" INTEGER,
    "notes_sealed" BLOB,
    PRIMARY KEY ("child_id", "seq")
) STRICT;

-- Which keys this register was set up with: a keyed check value per key-encryption key, so a wrong
-- keyring is refused before anything is written.
CREATE TABLE "key_check" (
    "kek_id" TEXT PRIMARY KEY,
    "check_value" BLOB NOT NULL,
    "registered_at" TEXT NOT NULL
) STRICT;
