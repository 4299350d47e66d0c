-- 0033: several kesu serve nodes on one database. A lease names the node
-- that does the time-driven work (the scheduler's tick, the sender's
-- claims, the scheduled reports); the rate limits count in the store, so
-- that every node refuses alike; and who has a complaint open is in the
-- store, so that agents on different nodes see each other.

-- who holds a lease ("scheduler") and until when (Unix ms, wall clock): a
-- node renews its lease every second; past until_ms another may take it
CREATE TABLE leases (
	name TEXT PRIMARY KEY,
	holder TEXT NOT NULL,
	until_ms INTEGER NOT NULL
);

-- the counts of the rate limits (src/http/ratelimit.c): by limit, by
-- keyed hash of what is counted (an address, an account, a mailbox: never
-- in clear) and by part of the window (bucket number); grp is the hash of
-- a pair's first part (the account of an account and address), so that an
-- unlock forgets the account's pairs; until_ms: when the part has left
-- every window and may go
CREATE TABLE rate_counts (
	kind TEXT NOT NULL,
	hash INTEGER NOT NULL,
	bucket INTEGER NOT NULL,
	grp INTEGER NOT NULL,
	n INTEGER NOT NULL,
	until_ms INTEGER NOT NULL,
	PRIMARY KEY (kind, hash, bucket)
);
CREATE INDEX rate_counts_grp ON rate_counts(kind, grp);
CREATE INDEX rate_counts_until ON rate_counts(until_ms);

-- who has a complaint open now, and whether typing on it (presence): a
-- page says so every 15 s and is forgotten 40 s after its last word; since_ms:
-- when its present state (viewing, editing) began
CREATE TABLE presence (
	complaint_id INTEGER NOT NULL,
	user_id INTEGER NOT NULL,
	team_id INTEGER NOT NULL,
	tracking_no TEXT NOT NULL,
	name TEXT NOT NULL,
	editing INTEGER NOT NULL,
	since_ms INTEGER NOT NULL,
	seen_ms INTEGER NOT NULL,
	PRIMARY KEY (complaint_id, user_id)
);
CREATE INDEX presence_user ON presence(user_id);
CREATE INDEX presence_seen ON presence(seen_ms);

-- a change of who is on a complaint, for the live streams of every node
-- (each looks for new ones as it looks for new events); the newest few
-- thousand are kept
CREATE TABLE presence_changes (
	id INTEGER PRIMARY KEY,
	complaint_id INTEGER NOT NULL,
	team_id INTEGER NOT NULL,
	tracking_no TEXT NOT NULL,
	at_ms INTEGER NOT NULL
);

-- how often something that every node keeps a copy of changed (name
-- 'settings': the settings, channels, webhooks, templates and secrets):
-- each node looks every second and reads its copies again when it moved
CREATE TABLE generations (
	name TEXT PRIMARY KEY,
	n INTEGER NOT NULL
);
