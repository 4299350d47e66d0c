-- 0024: neutral and negative reviews on the shop's platforms (中差评,
-- domain.md 8): the review, the contacts with its buyer, its history, and
-- the shop's order counts that the 中差评率 is reckoned against.

-- One review. dedupe is what makes the same review imported twice one
-- review: the platform's review id, else platform, order, buyer and the
-- time it was posted. grp is the buyer list the handbook sorts into.
-- next_at is when the scheduler looks at it next (the contact clock's
-- breach, a reminder, the move to kept after the last one).
CREATE TABLE reviews (
	id INTEGER PRIMARY KEY,
	dedupe TEXT NOT NULL UNIQUE,
	platform TEXT NOT NULL,
	shop TEXT,
	external_id TEXT,
	order_ref TEXT NOT NULL,
	buyer TEXT NOT NULL,
	contact TEXT,
	rating TEXT NOT NULL CHECK (rating IN ('neutral', 'negative')),
	stars INTEGER,
	text TEXT,
	photos TEXT,
	product TEXT,
	link TEXT,
	language TEXT NOT NULL DEFAULT 'zh-CN',
	posted_at INTEGER NOT NULL,
	posted_day INTEGER NOT NULL, -- the local day of posted_at (days since 1970-01-01)
	received_at INTEGER NOT NULL,
	serious INTEGER NOT NULL DEFAULT 0,
	serious_reason TEXT,
	age_set TEXT CHECK (age_set IN ('new', 'month', 'half_year')),
	age_reason TEXT,
	grp TEXT NOT NULL CHECK (grp IN ('neutral', 'negative', 'agreed', 'changed', 'kept')),
	contact_due_at INTEGER,
	breached_at INTEGER,
	call_at INTEGER, -- the next call booked with the buyer (an exact time), still to make
	due_at INTEGER,	 -- what is due next: the first contact's clock, else the call booked
	first_contact_at INTEGER,
	first_contact_by INTEGER REFERENCES users(id),
	reached_at INTEGER, -- the first time the buyer was reached
	agreed_at INTEGER,
	agreed_by INTEGER REFERENCES users(id),
	changed_at INTEGER,
	kept_at INTEGER,
	reminders INTEGER NOT NULL DEFAULT 0,
	next_reminder_at INTEGER,
	invited_at INTEGER,
	cause TEXT,
	complaint_id INTEGER REFERENCES complaints(id),
	team_id INTEGER REFERENCES teams(id),
	assignee_id INTEGER REFERENCES users(id),
	reply_text TEXT,
	reply_posted_at INTEGER,
	reply_posted_by TEXT,
	next_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
-- the queue of a group, newest first; the contacts due, soonest first;
-- the scheduler's
CREATE INDEX reviews_group ON reviews(grp, id);
CREATE INDEX reviews_due ON reviews(due_at, id) WHERE due_at IS NOT NULL;
CREATE INDEX reviews_next ON reviews(next_at) WHERE next_at IS NOT NULL;
CREATE INDEX reviews_complaint ON reviews(complaint_id) WHERE complaint_id IS NOT NULL;

-- A contact with the buyer, as a complaint's callbacks are recorded: the
-- exact time, how, whether the buyer was reached and what was agreed.
CREATE TABLE review_contacts (
	id INTEGER PRIMARY KEY,
	review_id INTEGER NOT NULL REFERENCES reviews(id),
	at INTEGER NOT NULL,
	method TEXT NOT NULL,
	reached INTEGER NOT NULL,
	outcome TEXT CHECK (outcome IN ('agreed', 'declined')),
	note TEXT,
	appointment_at INTEGER,
	by_id INTEGER REFERENCES users(id),
	by_name TEXT NOT NULL,
	recorded_at INTEGER NOT NULL
);
CREATE INDEX review_contacts_of ON review_contacts(review_id, at);

-- A review's history: every act of a person or of kesu on it.
CREATE TABLE review_events (
	id INTEGER PRIMARY KEY,
	review_id INTEGER NOT NULL REFERENCES reviews(id),
	kind TEXT NOT NULL,
	actor TEXT NOT NULL,
	at INTEGER NOT NULL,
	data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX review_events_of ON review_events(review_id, id);

-- The shop's orders per local day and platform (the 中差评率's base).
CREATE TABLE order_counts (
	day TEXT NOT NULL,
	platform TEXT NOT NULL,
	orders INTEGER NOT NULL CHECK (orders >= 0),
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (day, platform)
) WITHOUT ROWID;

-- The figures of the reviews by the local day they were posted, kept by
-- the triggers below as reviews are taken in and change: the stats of a
-- period read its days, never the reviews, so they cost the same at a
-- hundred reviews and at millions. team_id and agent 0: none.
CREATE TABLE review_days (
	day INTEGER NOT NULL,
	team_id INTEGER NOT NULL,
	platform TEXT NOT NULL,
	rating TEXT NOT NULL,
	agent INTEGER NOT NULL, -- who first contacted the buyer
	n INTEGER NOT NULL DEFAULT 0,
	contacted INTEGER NOT NULL DEFAULT 0,
	reached INTEGER NOT NULL DEFAULT 0,
	agreed INTEGER NOT NULL DEFAULT 0,
	changed INTEGER NOT NULL DEFAULT 0, -- of those who agreed: the funnel's last step
	breached INTEGER NOT NULL DEFAULT 0,
	wait_ms INTEGER NOT NULL DEFAULT 0, -- posting to first contact, summed
	PRIMARY KEY (day, team_id, platform, rating, agent)
) WITHOUT ROWID;
CREATE TABLE review_cause_days (
	day INTEGER NOT NULL,
	team_id INTEGER NOT NULL,
	cause TEXT NOT NULL,
	n INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (day, team_id, cause)
) WITHOUT ROWID;
-- how long the buyers waited for the first contact, in buckets whose
-- upper bounds are minutes (99999: longer than a week)
CREATE TABLE review_wait_days (
	day INTEGER NOT NULL,
	team_id INTEGER NOT NULL,
	bucket INTEGER NOT NULL,
	n INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (day, team_id, bucket)
) WITHOUT ROWID;

CREATE TRIGGER review_days_insert AFTER INSERT ON reviews BEGIN
	INSERT INTO review_days(day, team_id, platform, rating, agent, n, contacted, reached, agreed,
		changed, breached, wait_ms)
	VALUES (NEW.posted_day, coalesce(NEW.team_id, 0), NEW.platform, NEW.rating,
		coalesce(NEW.first_contact_by, 0), 1, NEW.first_contact_at IS NOT NULL,
		NEW.reached_at IS NOT NULL, NEW.agreed_at IS NOT NULL,
		NEW.changed_at IS NOT NULL AND NEW.agreed_at IS NOT NULL, NEW.breached_at IS NOT NULL,
		coalesce(NEW.first_contact_at - NEW.posted_at, 0))
	ON CONFLICT DO UPDATE SET n = n + 1, contacted = contacted + excluded.contacted,
		reached = reached + excluded.reached,
		agreed = agreed + excluded.agreed, changed = changed + excluded.changed,
		breached = breached + excluded.breached, wait_ms = wait_ms + excluded.wait_ms;
END;

CREATE TRIGGER review_days_update AFTER UPDATE ON reviews
WHEN OLD.first_contact_at IS NOT NEW.first_contact_at OR OLD.first_contact_by IS NOT NEW.first_contact_by
	OR OLD.reached_at IS NOT NEW.reached_at OR OLD.agreed_at IS NOT NEW.agreed_at OR OLD.changed_at IS NOT NEW.changed_at
	OR OLD.breached_at IS NOT NEW.breached_at OR OLD.team_id IS NOT NEW.team_id
BEGIN
	UPDATE review_days SET n = n - 1, contacted = contacted - (OLD.first_contact_at IS NOT NULL),
		reached = reached - (OLD.reached_at IS NOT NULL),
		agreed = agreed - (OLD.agreed_at IS NOT NULL),
		changed = changed - (OLD.changed_at IS NOT NULL AND OLD.agreed_at IS NOT NULL),
		breached = breached - (OLD.breached_at IS NOT NULL),
		wait_ms = wait_ms - coalesce(OLD.first_contact_at - OLD.posted_at, 0)
	WHERE day = OLD.posted_day AND team_id = coalesce(OLD.team_id, 0)
		AND platform = OLD.platform AND rating = OLD.rating
		AND agent = coalesce(OLD.first_contact_by, 0);
	INSERT INTO review_days(day, team_id, platform, rating, agent, n, contacted, reached, agreed,
		changed, breached, wait_ms)
	VALUES (NEW.posted_day, coalesce(NEW.team_id, 0), NEW.platform, NEW.rating,
		coalesce(NEW.first_contact_by, 0), 1, NEW.first_contact_at IS NOT NULL,
		NEW.reached_at IS NOT NULL, NEW.agreed_at IS NOT NULL,
		NEW.changed_at IS NOT NULL AND NEW.agreed_at IS NOT NULL, NEW.breached_at IS NOT NULL,
		coalesce(NEW.first_contact_at - NEW.posted_at, 0))
	ON CONFLICT DO UPDATE SET n = n + 1, contacted = contacted + excluded.contacted,
		reached = reached + excluded.reached,
		agreed = agreed + excluded.agreed, changed = changed + excluded.changed,
		breached = breached + excluded.breached, wait_ms = wait_ms + excluded.wait_ms;
END;

CREATE TRIGGER review_cause_days_update AFTER UPDATE ON reviews
WHEN OLD.cause IS NOT NEW.cause OR OLD.team_id IS NOT NEW.team_id
BEGIN
	UPDATE review_cause_days SET n = n - 1
	WHERE OLD.cause IS NOT NULL AND day = OLD.posted_day AND team_id = coalesce(OLD.team_id, 0)
		AND cause = OLD.cause;
	INSERT INTO review_cause_days(day, team_id, cause, n)
	SELECT NEW.posted_day, coalesce(NEW.team_id, 0), NEW.cause, 1 WHERE NEW.cause IS NOT NULL
	ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER review_wait_days_update AFTER UPDATE ON reviews
WHEN OLD.first_contact_at IS NOT NEW.first_contact_at OR OLD.team_id IS NOT NEW.team_id
BEGIN
	UPDATE review_wait_days SET n = n - 1
	WHERE OLD.first_contact_at IS NOT NULL AND day = OLD.posted_day
		AND team_id = coalesce(OLD.team_id, 0)
		AND bucket = (SELECT CASE WHEN m <= 15 THEN 15 WHEN m <= 30 THEN 30 WHEN m <= 60 THEN 60
			WHEN m <= 120 THEN 120 WHEN m <= 240 THEN 240 WHEN m <= 480 THEN 480
			WHEN m <= 1440 THEN 1440 WHEN m <= 2880 THEN 2880 WHEN m <= 4320 THEN 4320
			WHEN m <= 10080 THEN 10080 ELSE 99999 END
			FROM (SELECT (OLD.first_contact_at - OLD.posted_at) / 60000 AS m));
	INSERT INTO review_wait_days(day, team_id, bucket, n)
	SELECT NEW.posted_day, coalesce(NEW.team_id, 0),
		CASE WHEN m <= 15 THEN 15 WHEN m <= 30 THEN 30 WHEN m <= 60 THEN 60
			WHEN m <= 120 THEN 120 WHEN m <= 240 THEN 240 WHEN m <= 480 THEN 480
			WHEN m <= 1440 THEN 1440 WHEN m <= 2880 THEN 2880 WHEN m <= 4320 THEN 4320
			WHEN m <= 10080 THEN 10080 ELSE 99999 END, 1
	FROM (SELECT (NEW.first_contact_at - NEW.posted_at) / 60000 AS m)
	WHERE NEW.first_contact_at IS NOT NULL
	ON CONFLICT DO UPDATE SET n = n + 1;
END;
