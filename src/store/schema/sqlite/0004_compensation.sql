-- 0004: compensation within authority (domain.md 4 and 6).

CREATE TABLE compensations (
	id INTEGER PRIMARY KEY,
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	type TEXT NOT NULL,
	amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
	note TEXT,
	state TEXT NOT NULL CHECK (state IN ('pending', 'granted', 'rejected')),
	proposed_by INTEGER NOT NULL REFERENCES users(id),
	proposed_at INTEGER NOT NULL,
	decided_by INTEGER REFERENCES users(id),
	decided_at INTEGER,
	decision_reason TEXT,
	idem_key TEXT,
	UNIQUE (complaint_id, proposed_by, idem_key)
);
CREATE INDEX compensations_complaint ON compensations(complaint_id, id);
CREATE INDEX compensations_decided ON compensations(state, decided_at);
