-- 0030: lessons (培训, domain.md 7): what a case worth learning from
-- teaches the agents, written from a closed complaint, from an incident's
-- handling notice or by hand, published to teams, and confirmed read by
-- each of their agents: the record of who learnt what, and when.

CREATE TABLE lessons (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	source TEXT NOT NULL CHECK (source IN ('hand', 'complaint', 'incident')),
	complaint_id INTEGER REFERENCES complaints(id),
	incident_id INTEGER REFERENCES incidents(id),
	notice_id INTEGER REFERENCES handling_notices(id),
	teams TEXT NOT NULL DEFAULT '[]', -- JSON array of team ids
	all_teams INTEGER NOT NULL DEFAULT 0, -- every team's staff, teams ignored
	state TEXT NOT NULL CHECK (state IN ('draft', 'published')),
	version INTEGER NOT NULL DEFAULT 1,
	published_at INTEGER,
	published_by TEXT,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX lessons_complaint ON lessons(complaint_id) WHERE complaint_id IS NOT NULL;
CREATE INDEX lessons_incident ON lessons(incident_id) WHERE incident_id IS NOT NULL;

-- one row per person who confirmed a published lesson: confirming again
-- changes nothing
CREATE TABLE lesson_confirmations (
	lesson_id INTEGER NOT NULL REFERENCES lessons(id),
	user_id INTEGER NOT NULL REFERENCES users(id),
	confirmed_at INTEGER NOT NULL,
	PRIMARY KEY (lesson_id, user_id)
);
CREATE INDEX lesson_confirmations_user ON lesson_confirmations(user_id, confirmed_at);
