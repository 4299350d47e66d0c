-- 0032: winning the customer back (domain.md 6): the monthly thank-you
-- letters to complainants whose complaints closed satisfied, the customers
-- who want no such mail, and goodwill offers in the compensation ledger.

-- a customer who asked for no thank-you letters: by their link (by
-- 'customer') or through an agent (the agent's name)
ALTER TABLE customers ADD COLUMN thanks_opt_out INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN thanks_opt_out_at INTEGER;
ALTER TABLE customers ADD COLUMN thanks_opt_out_by TEXT;

-- who was thanked for which month (YYYY-MM of the business zone), through
-- which complaint: one letter per customer and month
CREATE TABLE thanks (
	id INTEGER PRIMARY KEY,
	month TEXT NOT NULL,
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	sent_at INTEGER NOT NULL,
	sent_by TEXT NOT NULL,
	extra TEXT,
	UNIQUE (month, customer_id)
);

-- what a compensation is for: the remedy of the complaint, or goodwill
-- offered after a satisfied close to win the customer back
ALTER TABLE compensations ADD COLUMN purpose TEXT NOT NULL DEFAULT 'remedy';

-- the month's satisfied closes are found by when their callback was recorded
CREATE INDEX callbacks_recorded ON callbacks(recorded_at);
