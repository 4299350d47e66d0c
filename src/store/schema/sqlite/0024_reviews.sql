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
	received_at INTEGER NOT NULL,
	serious INTEGER NOT NULL DEFAULT 0,
	serious_reason TEXT,
	age_set TEXT CHECK (age_set IN ('new', 'month', 'half_year')),
	age_reason TEXT,
	grp TEXT NOT NULL CHECK (grp IN ('neutral', 'negative', 'agreed', 'changed', 'kept')),
	contact_due_at INTEGER,
	breached_at INTEGER,
	first_contact_at INTEGER,
	first_contact_by INTEGER REFERENCES users(id),
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
-- the scheduler's; the figures of a period
CREATE INDEX reviews_group ON reviews(grp, id);
CREATE INDEX reviews_due ON reviews(contact_due_at, id)
	WHERE contact_due_at IS NOT NULL AND first_contact_at IS NULL;
CREATE INDEX reviews_next ON reviews(next_at) WHERE next_at IS NOT NULL;
CREATE INDEX reviews_posted ON reviews(posted_at, team_id, platform, rating, first_contact_at,
	agreed_at, changed_at, first_contact_by, breached_at);
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
