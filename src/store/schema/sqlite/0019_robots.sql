-- 0019: team chat robots (企业微信, 钉钉, 飞书). Staff notices may also go
-- to group robots named in the channel settings; each is a delivery of
-- kind 'robot' whose recipient is the robot's name (never its URL, which
-- holds its key). SQLite cannot widen a CHECK in place: the table is
-- built again with the same rows.
CREATE TABLE deliveries_new (
	id INTEGER PRIMARY KEY,
	outbox_id INTEGER NOT NULL REFERENCES outbox(id),
	complaint_id INTEGER REFERENCES complaints(id),
	kind TEXT NOT NULL CHECK (kind IN ('email', 'sms', 'webhook', 'robot')),
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
INSERT INTO deliveries_new SELECT id, outbox_id, complaint_id, kind, webhook_id, recipient,
	state, attempts, next_at, last_attempt_at, last_error, accepted_at, accepted_reply,
	message_id, created_at FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;
CREATE INDEX deliveries_due ON deliveries(next_at) WHERE state = 'queued';
CREATE INDEX deliveries_sending ON deliveries(id) WHERE state = 'sending';
CREATE INDEX deliveries_dead ON deliveries(id) WHERE state = 'dead';
CREATE INDEX deliveries_outbox ON deliveries(outbox_id);
CREATE INDEX deliveries_complaint ON deliveries(complaint_id, id);
