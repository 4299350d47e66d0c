-- 0028: improvement actions (改进措施, domain.md 7): what a department
-- changes so that complaints of a cause stop, with its owner and due date,
-- and the verdict kesu records once the policy's window has passed: did
-- the complaints with that cause and scope fall?

CREATE TABLE improvement_actions (
	id INTEGER PRIMARY KEY,
	cause TEXT NOT NULL,             -- a key of the cause list
	category TEXT,                   -- the scope: NULL for any
	object TEXT,                     -- a product or object (ref or name)
	channel TEXT,
	team_id INTEGER REFERENCES teams(id),
	department_id INTEGER NOT NULL REFERENCES departments(id),
	owner_id INTEGER REFERENCES users(id), -- the owner in kesu, if any
	owner_name TEXT,                 -- the department's person who owns it
	what TEXT NOT NULL,              -- what will change
	due_at INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('proposed', 'accepted', 'done', 'verified', 'failed',
					     'dropped')),
	evidence TEXT,                   -- what the department says it did
	origin TEXT NOT NULL CHECK (origin IN ('hand', 'complaint', 'pareto', 'incident',
					       'checklist')),
	origin_id INTEGER,
	incident_id INTEGER REFERENCES incidents(id),
	accepted_at INTEGER,
	accepted_by TEXT,
	done_at INTEGER,                 -- the day the change took effect
	done_by TEXT,
	window_days INTEGER,             -- the policy's window when it was done
	margin REAL,                     -- and its margin
	verify_at INTEGER,               -- done_at + window: when it is judged
	verification TEXT,               -- JSON: the last verdict with its figures
	judged_at INTEGER,
	failures INTEGER NOT NULL DEFAULT 0,
	overdue INTEGER NOT NULL DEFAULT 0, -- past due and said once
	tell_customers INTEGER NOT NULL DEFAULT 0, -- opt-in: tell them what changed
	told_at INTEGER,
	drop_reason TEXT,
	link_nonce BLOB NOT NULL,        -- the department's link: its token is derived
	link_hash BLOB NOT NULL,         -- and kept only hashed
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX improvement_actions_state ON improvement_actions(state, id);
-- the scheduler reads only what is due: open actions past due not yet
-- said, and done ones whose window has passed
CREATE INDEX improvement_actions_due ON improvement_actions(due_at)
	WHERE state IN ('proposed', 'accepted', 'failed') AND overdue = 0;
CREATE INDEX improvement_actions_verify ON improvement_actions(verify_at) WHERE state = 'done';
CREATE INDEX improvement_actions_cause ON improvement_actions(cause, id);

-- The complaints that led to an action.
CREATE TABLE action_complaints (
	action_id INTEGER NOT NULL REFERENCES improvement_actions(id),
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	PRIMARY KEY (action_id, complaint_id)
) WITHOUT ROWID;
CREATE INDEX action_complaints_complaint ON action_complaints(complaint_id, action_id);

-- What happened to an action, who did it and when.
CREATE TABLE action_events (
	id INTEGER PRIMARY KEY,
	action_id INTEGER NOT NULL REFERENCES improvement_actions(id),
	at INTEGER NOT NULL,
	kind TEXT NOT NULL,
	actor TEXT NOT NULL,
	data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX action_events_action ON action_events(action_id, id);

-- The recurrence check counts a cause's complaints by time: the cause's
-- index ends in the registration time, and carries the scope's columns so
-- that the count reads the index alone.
DROP INDEX IF EXISTS complaints_cause;
CREATE INDEX complaints_cause ON complaints(cause, created_at, category, channel, team_id)
	WHERE cause IS NOT NULL;
