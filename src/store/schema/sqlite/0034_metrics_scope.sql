-- 0034: the metrics scope: an API token that reads the server's metrics
-- (GET /metrics) and nothing else, for a monitoring system's scraper.
-- SQLite cannot widen a CHECK in place: the table is built again with the
-- same rows (the migration runs with foreign keys off and checks them
-- before it commits).
CREATE TABLE api_tokens_new (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	token_hash BLOB NOT NULL UNIQUE,
	scope TEXT NOT NULL CHECK (scope IN ('read', 'write', 'admin', 'metrics')),
	created_at INTEGER NOT NULL,
	expires_at INTEGER,
	revoked_at INTEGER,
	user_id INTEGER REFERENCES users(id)
);
INSERT INTO api_tokens_new SELECT id, name, token_hash, scope, created_at, expires_at,
	revoked_at, user_id FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
CREATE INDEX api_tokens_user ON api_tokens(user_id);
