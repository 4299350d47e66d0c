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

-- Saved views: a queue's filters kept under a name, for oneself (mine) or
-- for the members of a team (team). filters is the JSON object the API
-- checked (state, category, severity, channel, level, customer_type, due,
-- assignee).
CREATE TABLE saved_views (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	scope TEXT NOT NULL CHECK (scope IN ('mine', 'team')),
	owner_id INTEGER NOT NULL REFERENCES users(id),
	team_id INTEGER REFERENCES teams(id),
	filters TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	CHECK ((scope = 'team') = (team_id IS NOT NULL))
);
CREATE INDEX saved_views_owner ON saved_views(owner_id);
CREATE INDEX saved_views_team ON saved_views(team_id) WHERE team_id IS NOT NULL;

-- the level filter of the lists (a view's), read from an index
CREATE INDEX complaints_level ON complaints(level, created_at);
CREATE INDEX customers_type ON customers(customer_type) WHERE customer_type <> 'normal';
