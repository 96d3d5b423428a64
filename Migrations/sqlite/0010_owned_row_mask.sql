-- Which of a child's owned tables hold rows, one bit each, so opening a case skips the tables it has
-- nothing in (most children have no social care status, return plan or enforcement event): bit 1
-- episode, 2 contact, 4 ehcp_review, 8 social_care_status, 16 return_plan, 32 enforcement_event.
-- Written with the child row on every add and change, from the same record the owned rows are written
-- from. NULL means not known: every table is read.
ALTER TABLE "child" ADD COLUMN "owned_rows" INTEGER;

-- (In SQLite, << and | bind equally tightly, hence the brackets.)
UPDATE "child" SET "owned_rows" =
      (EXISTS (SELECT 1 FROM "episode" WHERE "child_id" = "child"."id"))
    + ((EXISTS (SELECT 1 FROM "contact" WHERE "child_id" = "child"."id")) << 1)
    + ((EXISTS (SELECT 1 FROM "ehcp_review" WHERE "child_id" = "child"."id")) << 2)
    + ((EXISTS (SELECT 1 FROM "social_care_status" WHERE "child_id" = "child"."id")) << 3)
    + ((EXISTS (SELECT 1 FROM "return_plan" WHERE "child_id" = "child"."id")) << 4)
    + ((EXISTS (SELECT 1 FROM "enforcement_event" WHERE "child_id" = "child"."id")) << 5);
