-- 0009: the complaint work reports made on a schedule (weekly, monthly),
-- kept whole, as they were mailed to the managers.
CREATE TABLE reports (
	id INTEGER PRIMARY KEY,
	schedule TEXT NOT NULL CHECK (schedule IN ('weekly', 'monthly')),
	period_from INTEGER NOT NULL,
	period_to INTEGER NOT NULL,
	format TEXT NOT NULL,
	language TEXT NOT NULL,
	filename TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL,
	data BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (schedule, period_from)
);
