-- A school attendance order's named school (URN) and, when it is revoked, why (issue 16 item 8). Clear:
-- a school's number and a code, no personal data. Existing orders have neither.
ALTER TABLE "enforcement_event" ADD COLUMN "named_school_urn" TEXT;
ALTER TABLE "enforcement_event" ADD COLUMN "revocation_reason" TEXT;
