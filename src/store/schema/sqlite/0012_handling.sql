-- 0012: the handling details (domain.md 1-7): the judgements on a
-- complaint, plans the customer answers, customer types and concession
-- caps, appointments at exact times, identity checks, apologies, the
-- regulator's four items, and the staff role.

ALTER TABLE complaints ADD COLUMN cause TEXT;
ALTER TABLE complaints ADD COLUMN responsibility TEXT;
ALTER TABLE complaints ADD COLUMN validity TEXT;
ALTER TABLE complaints ADD COLUMN duplicate_of TEXT;
ALTER TABLE complaints ADD COLUMN conversation_channel TEXT;
ALTER TABLE complaints ADD COLUMN odr_course TEXT;
ALTER TABLE complaints ADD COLUMN odr_means TEXT;
ALTER TABLE complaints ADD COLUMN odr_outcome TEXT;
ALTER TABLE complaints ADD COLUMN systemic INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN idea INTEGER NOT NULL DEFAULT 0;
-- the report's list of ideas, and whether a cause is still in use
CREATE INDEX complaints_idea ON complaints(created_at) WHERE idea = 1;
CREATE INDEX complaints_cause ON complaints(cause) WHERE cause IS NOT NULL;
-- the regulator's export reads only its own channel (complaints_channel)

ALTER TABLE customers ADD COLUMN customer_type TEXT NOT NULL DEFAULT 'normal';
ALTER TABLE customers ADD COLUMN concession_cap_fen INTEGER;

ALTER TABLE scripts ADD COLUMN customer_type TEXT;

-- A resolution plan (解决方案) and the customer's answer to it. round is
-- the complaint's reopen count when the plan was made: a reopened
-- complaint needs a plan of its new round.
CREATE TABLE plans (
	id INTEGER PRIMARY KEY,
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	round INTEGER NOT NULL,
	summary TEXT NOT NULL,
	compensation_ids TEXT NOT NULL DEFAULT '[]',
	state TEXT NOT NULL
		CHECK (state IN ('proposed', 'accepted', 'declined', 'counter_offer', 'superseded')),
	revises INTEGER REFERENCES plans(id),
	proposed_by TEXT NOT NULL,
	proposed_at INTEGER NOT NULL,
	answered_by TEXT,
	answered_at INTEGER,
	conditions TEXT,
	counter_offer TEXT
);
CREATE INDEX plans_complaint ON plans(complaint_id, id);

-- A callback or appointment at an exact time (三变法: change the time).
-- remind_at is cleared once the owner was reminded; the scheduler reads
-- only the rows whose next instant (reminder, or missed) has come.
CREATE TABLE appointments (
	id INTEGER PRIMARY KEY,
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	at INTEGER NOT NULL,
	with_whom TEXT NOT NULL,
	channel TEXT NOT NULL,
	note TEXT,
	owner_id INTEGER NOT NULL REFERENCES users(id),
	state TEXT NOT NULL CHECK (state IN ('scheduled', 'done', 'missed', 'cancelled')),
	outcome TEXT,
	remind_at INTEGER,
	reminded_at INTEGER,
	next_at INTEGER,
	created_by TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	decided_by TEXT,
	decided_at INTEGER
);
CREATE INDEX appointments_complaint ON appointments(complaint_id, id);
CREATE INDEX appointments_next ON appointments(next_at) WHERE next_at IS NOT NULL;
CREATE INDEX appointments_missed ON appointments(complaint_id) WHERE state = 'missed';

-- That the complainant's identity was confirmed, and how.
CREATE TABLE identity_checks (
	complaint_id INTEGER PRIMARY KEY REFERENCES complaints(id),
	method TEXT NOT NULL CHECK (method IN ('order_number', 'phone_verification', 'in_person')),
	note TEXT,
	checked_by TEXT NOT NULL,
	checked_at INTEGER NOT NULL
);

-- Psychological compensation: an apology given, by whom and when.
CREATE TABLE apologies (
	id INTEGER PRIMARY KEY,
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	given_by TEXT NOT NULL,
	given_at INTEGER NOT NULL,
	note TEXT,
	recorded_by TEXT NOT NULL,
	recorded_at INTEGER NOT NULL
);
CREATE INDEX apologies_complaint ON apologies(complaint_id, id);

-- The staff role (a salesperson, a cashier: registers and hands over).
-- SQLite cannot change a CHECK in place, so the table is rebuilt; the
-- migration runs with foreign keys off and checks them before it commits.
CREATE TABLE users_new (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	display_name TEXT,
	email TEXT,
	role TEXT NOT NULL
		CHECK (role IN ('agent', 'supervisor', 'manager', 'admin', 'auditor', 'staff')),
	password_hash TEXT NOT NULL,
	limits TEXT,
	totp_sealed BLOB,
	totp_enabled INTEGER NOT NULL DEFAULT 0,
	totp_last_step INTEGER NOT NULL DEFAULT 0,
	disabled_at INTEGER,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until INTEGER NOT NULL DEFAULT 0,
	password_changed_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
INSERT INTO users_new SELECT id, username, display_name, email, role, password_hash, limits,
	totp_sealed, totp_enabled, totp_last_step, disabled_at, failed_logins, locked_until,
	password_changed_at, created_at, updated_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

-- Wording for the customer types (domain.md 3), in each language.
INSERT INTO scripts(category, step, responsibility, customer_type, language, title, body,
		    position, created_at, created_by, updated_at, updated_by)
SELECT NULL, column1, NULL, column2, column3, column4, column5, 90,
       CAST(strftime('%s', 'now') AS INTEGER) * 1000, 'kesu',
       CAST(strftime('%s', 'now') AS INTEGER) * 1000, 'kesu'
FROM (VALUES
	(1, 'wants_to_be_heard', 'zh-CN', '只想被倾听：让客户说完',
	 '您说的每一点我都记下了，请您继续说，我不打断您。说完之后我们一起看怎么办。'),
	(2, 'needs_explanation', 'zh-CN', '需要耐心说明：一步一步来',
	 '不着急，我们一步一步来。我先说第一步：……。这一步您清楚了吗？清楚了我们再说下一步。'),
	(3, 'difficult', 'zh-CN', '难缠客户：坚定而礼貌的界限',
	 '我理解您的要求。根据我们的规定，我能为您做到的是：……。这是我权限内最好的方案，超出的部分我无法承诺。'),
	(3, 'expert', 'zh-CN', '内行客户：说明事实与流程',
	 '您对这方面很了解。具体情况是：……，按照流程下一步由……负责，预计……前给您答复。需要的话我为您转交主管。'),
	(1, 'wants_to_be_heard', 'zh-TW', '只想被傾聽：讓客戶說完',
	 '您說的每一點我都記下了，請您繼續說，我不打斷您。說完之後我們一起看怎麼辦。'),
	(2, 'needs_explanation', 'zh-TW', '需要耐心說明：一步一步來',
	 '不著急，我們一步一步來。我先說第一步：……。這一步您清楚了嗎？清楚了我們再說下一步。'),
	(3, 'difficult', 'zh-TW', '難纏客戶：堅定而禮貌的界限',
	 '我理解您的要求。依照我們的規定，我能為您做到的是：……。這是我權限內最好的方案，超出的部分我無法承諾。'),
	(3, 'expert', 'zh-TW', '內行客戶：說明事實與流程',
	 '您對這方面很了解。具體情況是：……，依照流程下一步由……負責，預計……前給您答覆。需要的話我為您轉交主管。'),
	(1, 'wants_to_be_heard', 'en', 'Wants to be heard: let them finish',
	 'I have noted every point. Please go on, I will not interrupt; then we will look at what to do together.'),
	(2, 'needs_explanation', 'en', 'Needs explanation: one step at a time',
	 'No hurry, we will go one step at a time. The first step is: ... Is that clear? Then we go on to the next.'),
	(3, 'difficult', 'en', 'Difficult customer: a firm, polite limit',
	 'I understand what you ask. Under our rules, what I can do for you is: ... This is the best I can offer; I cannot promise more.'),
	(3, 'expert', 'en', 'Expert customer: facts and process',
	 'You know this well. The facts are: ... Next, ... is responsible, and you will hear from us by ... I can hand you over to a supervisor if you prefer.')
);
