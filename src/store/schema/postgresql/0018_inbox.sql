-- 0018: the staff's inbox. Its items are the workspace notices of the
-- outbox addressed to a user (by user, role and team, or as assignee);
-- only who has read what is kept here: single items read, and a mark
-- up to which everything counts as read ("mark all read" in one row).
CREATE TABLE inbox_read (
	user_id BIGINT NOT NULL REFERENCES users(id),
	outbox_id BIGINT NOT NULL REFERENCES outbox(id),
	PRIMARY KEY (user_id, outbox_id)

);
CREATE TABLE inbox_seen (
	user_id BIGINT PRIMARY KEY REFERENCES users(id),
	read_upto BIGINT NOT NULL
);
-- a user's notices are found by recipient, never by reading all of them
CREATE INDEX outbox_workspace ON outbox(recipient, id)
	WHERE audience = 'staff' AND channel = 'workspace';
