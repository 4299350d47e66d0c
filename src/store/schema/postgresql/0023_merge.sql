-- 0023: merging a duplicate into the complaint it repeats. The original's
-- timeline, attachments and banner read the duplicates merged into it
-- (validity duplicate, status closed, duplicate_of its tracking number): found
-- through this index, never by a scan.
CREATE INDEX complaints_duplicate_of ON complaints(duplicate_of) WHERE duplicate_of IS NOT NULL;
