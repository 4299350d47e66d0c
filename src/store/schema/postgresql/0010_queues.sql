-- 0010: the agents' queues (mine, unassigned, due soon, breached,
-- escalated...) read from indexes, never by walking every complaint.
--
-- A complaint's clock row keeps, beside the clocks, what the queues ask:
--   due_at   the earliest due time of its running clocks (NULL: none run);
--   soon_at  when the first running clock enters its warning time;
--   late     1 while a clock is past due and what it waits for not done;
--   breached_at  when a clock of it was last breached (the dashboard).
ALTER TABLE clock_sets ADD COLUMN due_at BIGINT;
ALTER TABLE clock_sets ADD COLUMN soon_at BIGINT;
ALTER TABLE clock_sets ADD COLUMN late BIGINT NOT NULL DEFAULT 0;
ALTER TABLE clock_sets ADD COLUMN breached_at BIGINT;

-- (no PostgreSQL store predates this migration: no clocks to fill in)

CREATE INDEX clock_sets_due ON clock_sets(due_at) WHERE due_at IS NOT NULL;
CREATE INDEX clock_sets_soon ON clock_sets(soon_at) WHERE soon_at IS NOT NULL;
CREATE INDEX clock_sets_late ON clock_sets(complaint_id) WHERE late = 1;
CREATE INDEX clock_sets_breached ON clock_sets(breached_at) WHERE breached_at IS NOT NULL;

-- the open complaints of an assignee, newest first
CREATE INDEX complaints_assignee ON complaints(assignee_id, created_at)
	WHERE assignee_id IS NOT NULL AND status <> 'closed';
CREATE INDEX complaints_unassigned ON complaints(created_at)
	WHERE assignee_id IS NULL AND status <> 'closed';
CREATE INDEX complaints_escalated ON complaints(created_at)
	WHERE level > 0 AND status <> 'closed';
CREATE INDEX complaints_team_open ON complaints(team_id, created_at)
	WHERE status <> 'closed';

-- the supervisors' dashboard: open complaints by state and level, and the
-- week's satisfaction, without reading the closed ones
CREATE INDEX complaints_open_level ON complaints(status, level, team_id)
	WHERE status <> 'closed';
CREATE INDEX callbacks_at ON callbacks(at);
