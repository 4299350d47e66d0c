-- 0020: "most urgent first" (sort=due). A complaint's due_at is now the
-- earliest due time of the clocks it still owes: the running ones and the
-- breached ones whose act is not yet done. A complaint whose clocks have
-- all breached was last of the deadlines, now it is first. due_clock is
-- the kind of that clock, so that a queue's row names what is late without
-- reading the clocks.
ALTER TABLE clock_sets ADD COLUMN due_clock TEXT;

UPDATE clock_sets SET (due_at, due_clock) = (
	SELECT value->>5, value->>0 FROM json_each(clocks)
	WHERE value->>5 > 0 AND (value->>1 = 'running'
		OR (value->>1 = 'breached' AND coalesce(value->>11, 0) = 0))
	ORDER BY value->>5 LIMIT 1);
