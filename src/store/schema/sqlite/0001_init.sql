-- 0001: complaints, their timeline, customers, API tokens.
-- Times are Unix milliseconds, UTC.

CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	token_hash BLOB NOT NULL UNIQUE,
	scope TEXT NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
	created_at INTEGER NOT NULL,
	expires_at INTEGER,
	revoked_at INTEGER
);

CREATE TABLE customers (
	id INTEGER PRIMARY KEY,
	name TEXT,
	phone TEXT,
	phone_key TEXT UNIQUE,
	email TEXT,
	email_key TEXT UNIQUE,
	contact_other TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE complaints (
	id INTEGER PRIMARY KEY,
	tracking_no TEXT NOT NULL UNIQUE,
	status TEXT NOT NULL,
	channel TEXT NOT NULL,
	complainant_name TEXT,
	complainant_phone TEXT,
	complainant_email TEXT,
	complainant_contact_other TEXT,
	object_kind TEXT,
	object_ref TEXT,
	object_name TEXT,
	content TEXT NOT NULL,
	occurred_at TEXT,
	purchased_at TEXT,
	usage TEXT,
	demand TEXT,
	desired_resolution TEXT,
	severity TEXT NOT NULL,
	emotion TEXT,
	mindset TEXT,
	category TEXT,
	language TEXT NOT NULL,
	customer_id INTEGER REFERENCES customers(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	portal_nonce BLOB NOT NULL,
	portal_hash BLOB NOT NULL
);

-- Lists are newest first, keyset-paged on (created_at, id); each filter has
-- an index that ends in created_at (SQLite appends the rowid).
CREATE INDEX complaints_created ON complaints(created_at);
CREATE INDEX complaints_status ON complaints(status, created_at);
CREATE INDEX complaints_channel ON complaints(channel, created_at);
CREATE INDEX complaints_severity ON complaints(severity, created_at);
CREATE INDEX complaints_category ON complaints(category, created_at);
CREATE INDEX complaints_customer ON complaints(customer_id, created_at);

-- The timeline: append-only, enforced here as well as in the code.
CREATE TABLE events (
	id INTEGER PRIMARY KEY,
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	kind TEXT NOT NULL,
	data TEXT NOT NULL
);
CREATE INDEX events_complaint ON events(complaint_id, id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE idempotency_keys (
	principal TEXT NOT NULL,
	key TEXT NOT NULL,
	request_hash BLOB NOT NULL,
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	created_at INTEGER NOT NULL,
	PRIMARY KEY (principal, key)
);

CREATE TABLE tracking_days (
	day TEXT PRIMARY KEY,
	last_seq INTEGER NOT NULL
);

-- Full-text search over what the customer wrote and what it is about. The
-- kesu tokenizer indexes CJK characters and bigrams after folding
-- traditional to simplified, so one- and two-character queries match.
CREATE VIRTUAL TABLE complaints_fts USING fts5(
	complainant_name, object_ref, object_name, content, demand,
	content = 'complaints', content_rowid = 'id', tokenize = 'kesu'
);
