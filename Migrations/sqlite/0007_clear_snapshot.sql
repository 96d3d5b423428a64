-- A compact copy of each case's clear data (everything statistics read, nothing sealed), written with
-- every change to the case, so an export reads one row per child instead of merging seven tables.
-- Registers upgraded from before this migration have NULL here until `ehe maintenance run` fills it in;
-- until then exports read the tables as before (register_meta 'clear_snapshots' says which).
ALTER TABLE "child" ADD COLUMN "clear_snapshot" BLOB;
