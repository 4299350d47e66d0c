-- 0021: macros. A response script may carry actions applied in one step
-- on a complaint (reply text, state, cause, responsibility, assignment):
-- a JSON object, NULL for a script that only says something.
ALTER TABLE scripts ADD COLUMN actions TEXT;
