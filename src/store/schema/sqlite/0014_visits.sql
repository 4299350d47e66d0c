-- 0014: the follow-up is the supervisors' duty (domain.md 6): who made a
-- callback on their behalf, and the key customers' recurring visits.

-- 1 when the callback was made by someone who does not hold the duty
-- (an agent calling on the supervisors' behalf)
ALTER TABLE callbacks ADD COLUMN on_behalf INTEGER NOT NULL DEFAULT 0;

-- A supervisor's visit or call to a key customer (主管领导定期上门征询意见),
-- one row per date of the schedule the SLA policy sets, planned when a
-- complaint of the customer closes. due_date is the business zone's date;
-- due_at the end of that day, after which a planned visit is missed;
-- next_at is when the scheduler looks at it (cleared once it did).
CREATE TABLE visits (
	id INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	team_id INTEGER REFERENCES teams(id),
	seq INTEGER NOT NULL,
	times INTEGER NOT NULL,
	due_date TEXT NOT NULL,
	due_at INTEGER NOT NULL,
	method TEXT NOT NULL CHECK (method IN ('call', 'visit')),
	owner_id INTEGER REFERENCES users(id),
	state TEXT NOT NULL CHECK (state IN ('planned', 'done', 'missed')),
	missed_at INTEGER,
	outcome TEXT,
	done_at INTEGER,
	done_by TEXT,
	on_behalf INTEGER NOT NULL DEFAULT 0,
	recorded_at INTEGER,
	next_at INTEGER,
	created_at INTEGER NOT NULL
);
CREATE INDEX visits_customer ON visits(customer_id, due_at);
CREATE INDEX visits_next ON visits(next_at) WHERE next_at IS NOT NULL;
-- the supervisors' lists by date: every visit, and those still to make
-- (the partial index's condition is sqlite_visits.c's word for word)
CREATE INDEX visits_due ON visits(due_at, id);
CREATE INDEX visits_open ON visits(due_at, id) WHERE state <> 'done';
