-- 0008: channels. The sender delivers the outbox by e-mail, SMS and
-- webhooks; the mail gateway takes complaints in by e-mail; complaints
-- carry attachments.

-- Notices written before there was a sender were never sent; sending them
-- now, perhaps months late, would only confuse their customers.
UPDATE outbox SET state = 'not_sent' WHERE state = 'pending';

-- Outgoing webhooks: every notice whose kind is in events is POSTed to
-- url, signed with secret (sealed with the data directory's key).
CREATE TABLE webhooks (
	id INTEGER PRIMARY KEY,
	url TEXT NOT NULL,
	description TEXT,
	events TEXT NOT NULL, -- JSON array of notice kinds, or ["*"]
	secret BLOB NOT NULL,
	active INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

-- One notice to one destination, with its attempts. queued (next_at:
-- when to try) -> sending (claimed by the sender) -> sent (the relay or
-- gateway accepted it: accepted_at) or dead (failed for good, or too
-- often; a person may queue it again).
CREATE TABLE deliveries (
	id INTEGER PRIMARY KEY,
	outbox_id INTEGER NOT NULL REFERENCES outbox(id),
	complaint_id INTEGER REFERENCES complaints(id),
	kind TEXT NOT NULL CHECK (kind IN ('email', 'sms', 'webhook')),
	webhook_id INTEGER, -- no reference: a deleted webhook leaves its record
	recipient TEXT,
	state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'dead')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_at INTEGER,
	last_attempt_at INTEGER,
	last_error TEXT,
	accepted_at INTEGER,
	accepted_reply TEXT,
	message_id TEXT,
	created_at INTEGER NOT NULL
);
CREATE INDEX deliveries_due ON deliveries(next_at) WHERE state = 'queued';
CREATE INDEX deliveries_sending ON deliveries(id) WHERE state = 'sending';
CREATE INDEX deliveries_dead ON deliveries(id) WHERE state = 'dead';
CREATE INDEX deliveries_outbox ON deliveries(outbox_id);
CREATE INDEX deliveries_complaint ON deliveries(complaint_id, id);

-- Message templates edited by administrators; the built-in ones apply
-- where there is no row.
CREATE TABLE templates (
	kind TEXT NOT NULL,
	language TEXT NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
	subject TEXT,
	body TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	updated_by TEXT NOT NULL,
	PRIMARY KEY (kind, language, channel)
);

-- Passwords and API keys of the relay and the SMS gateway, sealed with the
-- data directory's key; never shown again once set.
CREATE TABLE channel_secrets (
	name TEXT PRIMARY KEY,
	value BLOB NOT NULL,
	updated_at INTEGER NOT NULL
);

-- Every mail the gateway took, raw, and what became of it.
CREATE TABLE mails (
	id INTEGER PRIMARY KEY,
	received_at INTEGER NOT NULL,
	sha256 BLOB NOT NULL UNIQUE,
	message_id TEXT,
	from_addr TEXT,
	subject TEXT,
	author TEXT NOT NULL,
	disposition TEXT NOT NULL
		CHECK (disposition IN ('created', 'reply', 'ignored', 'review', 'dismissed')),
	complaint_id INTEGER REFERENCES complaints(id),
	note TEXT,
	size INTEGER NOT NULL,
	raw BLOB NOT NULL
);
CREATE INDEX mails_review ON mails(id) WHERE disposition = 'review';
CREATE INDEX mails_complaint ON mails(complaint_id);

-- Files a complaint carries: from mail, from staff or from the customer
-- on the portal. content_type is what the bytes are (sniffed), not what
-- the sender said.
CREATE TABLE attachments (
	id INTEGER PRIMARY KEY,
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	mail_id INTEGER REFERENCES mails(id),
	filename TEXT NOT NULL,
	content_type TEXT NOT NULL,
	declared_type TEXT,
	size INTEGER NOT NULL,
	sha256 BLOB NOT NULL,
	source TEXT NOT NULL CHECK (source IN ('email', 'staff', 'portal')),
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	data BLOB NOT NULL
);
CREATE INDEX attachments_complaint ON attachments(complaint_id, id);
