-- 0002: staff accounts, teams, sessions, the security log, and hash chains
-- over the timeline and the security log.

CREATE TABLE teams (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	display_name TEXT,
	email TEXT,
	role TEXT NOT NULL
		CHECK (role IN ('agent', 'supervisor', 'manager', 'admin', 'auditor')),
	password_hash TEXT NOT NULL,
	limits TEXT,            -- JSON: authority limits replacing the role's
	totp_sealed BLOB,       -- the second factor's secret, sealed
	totp_enabled INTEGER NOT NULL DEFAULT 0,
	totp_last_step INTEGER NOT NULL DEFAULT 0,
	disabled_at INTEGER,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until INTEGER NOT NULL DEFAULT 0,
	password_changed_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE team_members (
	user_id INTEGER NOT NULL REFERENCES users(id),
	team_id INTEGER NOT NULL REFERENCES teams(id),
	PRIMARY KEY (user_id, team_id)
);
CREATE INDEX team_members_team ON team_members(team_id, user_id);

-- Per-role settings an administrator changes: whether the role must use a
-- second factor, and authority limits replacing the built-in defaults.
CREATE TABLE role_settings (
	role TEXT PRIMARY KEY,
	require_totp INTEGER NOT NULL DEFAULT 0,
	limits TEXT
);

-- Browser sessions: only the token's SHA-256 is kept.
CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id),
	stage TEXT NOT NULL CHECK (stage IN ('full', 'totp_setup')),
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	revoked_at INTEGER,
	address TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

-- API tokens act for the user who made them, within their scope.
ALTER TABLE api_tokens ADD COLUMN user_id INTEGER REFERENCES users(id);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Every complaint belongs to a team (the team's agents handle it).
ALTER TABLE complaints ADD COLUMN team_id INTEGER REFERENCES teams(id);
ALTER TABLE complaints ADD COLUMN assignee_id INTEGER REFERENCES users(id);
CREATE INDEX complaints_team ON complaints(team_id, created_at);

INSERT INTO teams(name, created_at) VALUES ('一线客服', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
INSERT INTO meta(key, value) SELECT 'default_team', id FROM teams;
UPDATE complaints SET team_id = (SELECT id FROM teams);

-- Hash chains: each record carries the SHA-256 of the one before it, so
-- an altered, removed or inserted record breaks the chain (kesu audit
-- verify). Records from before this migration are sealed at the next
-- start; a sealed record can never be updated.
ALTER TABLE events ADD COLUMN prev_hash BLOB;
ALTER TABLE events ADD COLUMN hash BLOB;
DROP TRIGGER events_no_update;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events WHEN OLD.hash IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE security_events (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	kind TEXT NOT NULL,
	address TEXT,
	target TEXT,
	data TEXT NOT NULL,
	prev_hash BLOB NOT NULL,
	hash BLOB NOT NULL
);
CREATE INDEX security_events_kind ON security_events(kind, id);
CREATE TRIGGER security_events_no_update BEFORE UPDATE ON security_events
BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END;
CREATE TRIGGER security_events_no_delete BEFORE DELETE ON security_events
BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END;
