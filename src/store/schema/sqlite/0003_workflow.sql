-- 0003: the workflow: escalation level, reopen count and threat flag on
-- complaints; clocks on the business calendar; the notification outbox.

ALTER TABLE complaints ADD COLUMN level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN reopen_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN threat INTEGER NOT NULL DEFAULT 0;

-- One row per clock of a complaint. A running clock is due at due_at and
-- warns at warn_at; next_at is the earlier of the two still to come, and
-- the scheduler reads only the clocks whose next_at has passed, so its cost
-- follows the number of clocks due, not the number open.
CREATE TABLE clocks (
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	kind TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('running', 'paused', 'met', 'breached')),
	started_at INTEGER NOT NULL,
	target_ms INTEGER NOT NULL,
	working INTEGER NOT NULL,   -- 1: target counts working time; 0: calendar time
	due_at INTEGER,
	warn_at INTEGER,
	warned INTEGER NOT NULL DEFAULT 0,
	remaining_ms INTEGER,       -- while paused: time left when the pause began
	next_at INTEGER,            -- while running: the next warn or due instant
	done_at INTEGER,
	PRIMARY KEY (complaint_id, kind)
) WITHOUT ROWID; -- clustered by complaint: one b-tree less to write per clock
CREATE INDEX clocks_next ON clocks(next_at) WHERE next_at IS NOT NULL;

-- Notifications to send, written in the same transaction as the change
-- they tell about; a sender drains the pending ones.
CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	complaint_id INTEGER REFERENCES complaints(id),
	audience TEXT NOT NULL CHECK (audience IN ('customer', 'staff')),
	kind TEXT NOT NULL,
	channel TEXT NOT NULL,
	recipient TEXT,
	language TEXT,
	data TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'pending',
	created_at INTEGER NOT NULL
);
CREATE INDEX outbox_pending ON outbox(id) WHERE state = 'pending';
CREATE INDEX outbox_complaint ON outbox(complaint_id, id);
