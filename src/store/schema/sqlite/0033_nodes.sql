-- 0033: several kesu serve nodes on one database. A lease names the node
-- that does the time-driven work (the scheduler's tick, the sender's
-- claims, the scheduled reports), and the rate limits count in the store,
-- so that every node refuses alike.

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
