-- 0005: departments (the contact list, 联络表) and the tasks complaints
-- hand them; follow-up callbacks; key customers.

CREATE TABLE departments (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	contact_person TEXT,
	phone TEXT,
	email TEXT,
	calendar TEXT,           -- JSON; NULL: the business calendar
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE tasks (
	id INTEGER PRIMARY KEY,
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	department_id INTEGER NOT NULL REFERENCES departments(id),
	what TEXT NOT NULL,
	due_days INTEGER NOT NULL,
	due_at INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('open', 'answered')),
	overdue INTEGER NOT NULL DEFAULT 0,
	answer TEXT,
	answered_at INTEGER,
	answered_by TEXT,
	created_by TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX tasks_complaint ON tasks(complaint_id, id);
-- the scheduler reads only open tasks past due and not yet reported
CREATE INDEX tasks_due ON tasks(due_at) WHERE state = 'open' AND overdue = 0;

CREATE TABLE callbacks (
	id INTEGER PRIMARY KEY,
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	at INTEGER NOT NULL,
	method TEXT NOT NULL,
	reached INTEGER NOT NULL,
	satisfaction INTEGER,
	business_satisfaction INTEGER,
	carried_out INTEGER,
	advice TEXT,
	recorded_by TEXT NOT NULL,
	recorded_at INTEGER NOT NULL
);
CREATE INDEX callbacks_complaint ON callbacks(complaint_id, id);

ALTER TABLE customers ADD COLUMN key_customer INTEGER NOT NULL DEFAULT 0;
