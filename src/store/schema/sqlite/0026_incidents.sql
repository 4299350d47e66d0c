-- 0026: many complaints, one cause (domain.md 9): incidents, the sketches
-- that notice them early, the handling notice (投诉工作部署通知) with its
-- read confirmations, the messages to every affected customer and the
-- remedy standard granted under one approval.

CREATE TABLE incidents (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	cause TEXT,                      -- a key of the cause list
	responsibility TEXT,             -- whose fault, given to each complaint it resolves
	plan TEXT,                       -- what is done for every customer
	affected_kind TEXT,              -- en_affected_kind
	affected_ref TEXT,               -- the product, batch, flight, store, first order
	affected_ref_to TEXT,            -- the last order of a range
	affected_from INTEGER,           -- the time window, Unix ms
	affected_to INTEGER,
	affected_record TEXT,            -- the record of who was affected (passenger list...)
	match_key TEXT,                  -- folded affected_ref: new complaints naming it join
	pick_up INTEGER NOT NULL DEFAULT 1, -- new matching complaints join by themselves
	started_at INTEGER,
	owner_id INTEGER REFERENCES users(id),
	state TEXT NOT NULL CHECK (state IN ('proposed', 'dismissed', 'open', 'told', 'remedied',
					     'closed')),
	proposed_at INTEGER,
	proposal TEXT,                   -- JSON: why kesu proposed it (by, key, similarity)
	confirmed_at INTEGER,
	confirmed_by TEXT,
	dismissed_at INTEGER,
	dismissed_by TEXT,
	dismiss_reason TEXT,
	closed_at INTEGER,
	first_complaint_at INTEGER,      -- the earliest linked complaint's registration
	first_message_at INTEGER,
	complaints INTEGER NOT NULL DEFAULT 0, -- linked now, kept by the triggers below
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX incidents_state ON incidents(state, id);
-- the report's period: the incidents confirmed in it
CREATE INDEX incidents_confirmed ON incidents(confirmed_at) WHERE confirmed_at IS NOT NULL;
-- the incidents new complaints may join: few at a time
CREATE INDEX incidents_live ON incidents(id) WHERE state IN ('proposed', 'open', 'told', 'remedied')
	AND pick_up = 1;

-- A complaint belongs to one incident at most.
CREATE TABLE incident_complaints (
	complaint_id INTEGER PRIMARY KEY REFERENCES complaints(id),
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	linked_at INTEGER NOT NULL,
	linked_by TEXT NOT NULL,
	how TEXT NOT NULL CHECK (how IN ('hand', 'search', 'proposal', 'auto'))
);
CREATE INDEX incident_complaints_incident ON incident_complaints(incident_id, complaint_id);

CREATE TRIGGER incident_complaints_in AFTER INSERT ON incident_complaints BEGIN
	UPDATE incidents SET complaints = complaints + 1,
		first_complaint_at = min(coalesce(first_complaint_at, 9223372036854775807),
			(SELECT created_at FROM complaints WHERE id = NEW.complaint_id))
	WHERE id = NEW.incident_id;
END;
CREATE TRIGGER incident_complaints_out AFTER DELETE ON incident_complaints BEGIN
	UPDATE incidents SET complaints = complaints - 1 WHERE id = OLD.incident_id;
END;

-- What happened to an incident, who did it and when.
CREATE TABLE incident_events (
	id INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	at INTEGER NOT NULL,
	kind TEXT NOT NULL,
	actor TEXT NOT NULL,
	data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX incident_events_incident ON incident_events(incident_id, id);

-- The text sketches new complaints are compared with: a few per incident.
CREATE TABLE incident_samples (
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	complaint_id INTEGER NOT NULL,
	sig BLOB NOT NULL,
	PRIMARY KEY (incident_id, complaint_id)
) WITHOUT ROWID;

-- The recent complaints' sketches (MinHash of their text) and object keys,
-- kept for the proposal window and pruned by the scheduler, so that the
-- check of a new complaint costs the same at any size. One row appended
-- per complaint: the writer holds the window's sketches in memory and
-- finds the alike by their bands there (incidents.c).
CREATE TABLE complaint_sketches (
	complaint_id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	object_key TEXT,
	sig BLOB NOT NULL,
	dismissed INTEGER NOT NULL DEFAULT 0 -- in a dismissed proposal: proposes nothing again
);
CREATE INDEX complaint_sketches_at ON complaint_sketches(at);
CREATE INDEX complaint_sketches_object ON complaint_sketches(object_key, at)
	WHERE object_key IS NOT NULL;
-- The handling notice of an incident, or of a standing issue (no
-- incident): the key matters, the agreed answers (published as scripts),
-- the remedy standard, who does what, and the contact list.
CREATE TABLE handling_notices (
	id INTEGER PRIMARY KEY,
	incident_id INTEGER UNIQUE REFERENCES incidents(id),
	title TEXT NOT NULL,
	key_matters TEXT,
	answers TEXT NOT NULL DEFAULT '[]',  -- JSON [{title, body, language, step}]
	remedy TEXT,
	duties TEXT NOT NULL DEFAULT '[]',   -- JSON [{who, what}]
	contacts TEXT NOT NULL DEFAULT '[]', -- JSON [{department_id, department, person, phone, email, duty}]
	departments TEXT NOT NULL DEFAULT '[]', -- JSON [department id]
	teams TEXT NOT NULL DEFAULT '[]',       -- JSON [team id]
	state TEXT NOT NULL CHECK (state IN ('draft', 'published')),
	version INTEGER NOT NULL DEFAULT 1,     -- of the text; a new one is read again
	published_version INTEGER,
	published_at INTEGER,
	published_by TEXT,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	updated_at INTEGER NOT NULL
);

-- An agent confirmed having read a version of a notice: the training record.
CREATE TABLE notice_reads (
	notice_id INTEGER NOT NULL REFERENCES handling_notices(id),
	user_id INTEGER NOT NULL REFERENCES users(id),
	version INTEGER NOT NULL,
	read_at INTEGER NOT NULL,
	PRIMARY KEY (notice_id, user_id)
) WITHOUT ROWID;

-- The agreed answers of a notice, in the knowledge base for its complaints.
ALTER TABLE scripts ADD COLUMN notice_id INTEGER REFERENCES handling_notices(id);
CREATE INDEX scripts_notice ON scripts(notice_id) WHERE notice_id IS NOT NULL;

-- One message to every affected customer; each delivery is its
-- complaint's own notice. Once per idempotency key.
CREATE TABLE incident_messages (
	id INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	stage TEXT NOT NULL,
	text TEXT NOT NULL,               -- JSON {language: text}
	expected_at INTEGER,
	sent_by TEXT NOT NULL,
	sent_at INTEGER NOT NULL,
	idem_key TEXT,
	complaints INTEGER NOT NULL DEFAULT 0,  -- told with it
	to_call TEXT NOT NULL DEFAULT '[]',     -- JSON: complaints with no channel
	UNIQUE (incident_id, idem_key)
);
CREATE INDEX incident_messages_incident ON incident_messages(incident_id, id);

-- The remedy standard: per complaint, approved once for a total.
CREATE TABLE incident_remedies (
	id INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	type TEXT NOT NULL,
	amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
	note TEXT,
	max_total_fen INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
	proposed_by INTEGER NOT NULL REFERENCES users(id),
	proposed_at INTEGER NOT NULL,
	decided_by INTEGER REFERENCES users(id),
	decided_at INTEGER,
	decision_reason TEXT,
	granted INTEGER NOT NULL DEFAULT 0,
	granted_fen INTEGER NOT NULL DEFAULT 0,
	idem_key TEXT,
	UNIQUE (incident_id, idem_key)
);
CREATE INDEX incident_remedies_incident ON incident_remedies(incident_id, id);

ALTER TABLE compensations ADD COLUMN incident_remedy_id INTEGER REFERENCES incident_remedies(id);
CREATE INDEX compensations_remedy ON compensations(incident_remedy_id, complaint_id)
	WHERE incident_remedy_id IS NOT NULL;
