-- Failed sign-ins by the name tried and the address it came from, for every name, known or not, so a
-- lockout answers alike for both and says nothing about which names exist. The name is kept only as a
-- SHA-256 digest of its lower-cased form: what someone typed in the name box may be anything, even a
-- password. `address` '*' holds the name's count over every address: the per-account ceiling.
CREATE TABLE "sign_in_failure" (
    "subject" BLOB NOT NULL,
    "address" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "window_start" TEXT NOT NULL,
    "locked_until" TEXT,
    PRIMARY KEY ("subject", "address")
) WITHOUT ROWID;
