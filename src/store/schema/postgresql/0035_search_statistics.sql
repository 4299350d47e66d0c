-- 0035: the search index's statistics. A search is planned for its words
-- (sql_plan_each_time): newest first by id for a common word, stopping at
-- the page, or through the GIN index for a rare one. The planner tells
-- them apart by the most common lexemes ANALYZE keeps; at the default
-- target a rare bigram is taken for a common one, and a search for it
-- reads every complaint. A thousand keeps ten thousand lexemes.
ALTER TABLE complaints_search ALTER COLUMN doc SET STATISTICS 1000;
ANALYZE complaints_search;
