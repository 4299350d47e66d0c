-- 0006: a complaint's clocks in one row. Every registration starts three or
-- four clocks; one row with one entry in the due-time index costs a third
-- of the writes that a row and an index entry per clock did.
--
-- clocks is a JSON array with one array per clock, in this order:
--   [kind, state, started_at, target_ms, working, due_at, warn_at, warned,
--    remaining_ms, next_at, done_at]
-- (times in Unix ms, 0 for none). next_at is the earliest next_at of the
-- clocks still to act on; the scheduler reads only the rows whose next_at
-- has passed.
CREATE TABLE clock_sets (
	complaint_id BIGINT PRIMARY KEY REFERENCES complaints(id),
	next_at BIGINT,
	clocks TEXT NOT NULL
);

-- (no PostgreSQL store predates this migration: no clocks to move)

DROP TABLE clocks;
CREATE INDEX clock_sets_next ON clock_sets(next_at) WHERE next_at IS NOT NULL;
