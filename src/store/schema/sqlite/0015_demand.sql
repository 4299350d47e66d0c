-- 0015: the customer's demand restated and confirmed (domain.md 3, step
-- 3: 澄清陈述; 设定目标): the agent restates what the customer wants and
-- the target outcome, the customer confirms or corrects it. A new
-- restatement supersedes one still pending; a plan goes ahead on the
-- newest one confirmed, or with a reason (workflow/plans.c).
CREATE TABLE demand_restatements (
	id INTEGER PRIMARY KEY,
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	restatement TEXT NOT NULL,
	target TEXT NOT NULL,
	state TEXT NOT NULL
		CHECK (state IN ('pending', 'confirmed', 'corrected', 'superseded')),
	stated_by TEXT NOT NULL,
	stated_at INTEGER NOT NULL,
	answered_via TEXT,
	answered_by TEXT,
	answered_at INTEGER,
	correction TEXT
);
CREATE INDEX demand_restatements_complaint ON demand_restatements(complaint_id, id);
