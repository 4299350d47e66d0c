-- What kesu read in a complaint's words (src/analysis): at intake and at
-- each later message of the customer. The complaint's own emotion and
-- mindset stay what an agent set; a reading is kept beside them, and
-- accepting it is recorded here with who did it.
CREATE TABLE complaint_readings (
	id INTEGER PRIMARY KEY,
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	source TEXT NOT NULL CHECK (source IN ('intake', 'message')),
	emotion TEXT NOT NULL,
	mindset TEXT NOT NULL,
	polarity REAL NOT NULL,
	threat INTEGER NOT NULL DEFAULT 0,
	reading TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	accepted_by TEXT,
	accepted_at INTEGER
);
CREATE INDEX complaint_readings_of ON complaint_readings(complaint_id, id);
