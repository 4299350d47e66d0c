-- 0035: the search index's statistics, on PostgreSQL (its 0035). SQLite's
-- FTS5 index reads a word's newest matches first whatever its frequency,
-- and needs nothing: the number is kept so that both stores' schema
-- versions name the same changes.
SELECT 1;
