-- 0017: who takes a new complaint. Each team has an assignment rule:
--   assign_rule      manual (nobody is chosen: agents take complaints or a
--                    supervisor assigns them), round_robin (the next agent
--                    on duty after the last one chosen, by user id) or
--                    fewest_open (the agent on duty with the fewest open
--                    complaints);
--   assign_by_skill  1: only agents whose skills list the complaint's
--                    category are chosen;
--   assign_last      the last agent round_robin chose.
-- Each user has a duty switch (only agents on duty are chosen) and skills:
-- the complaint categories they handle.
ALTER TABLE teams ADD COLUMN assign_rule TEXT NOT NULL DEFAULT 'manual'
	CHECK (assign_rule IN ('manual', 'round_robin', 'fewest_open'));
ALTER TABLE teams ADD COLUMN assign_by_skill BIGINT NOT NULL DEFAULT 0;
ALTER TABLE teams ADD COLUMN assign_last BIGINT REFERENCES users(id);
ALTER TABLE users ADD COLUMN on_duty BIGINT NOT NULL DEFAULT 0;

CREATE TABLE user_skills (
	user_id BIGINT NOT NULL REFERENCES users(id),
	category TEXT NOT NULL,
	PRIMARY KEY (user_id, category)
);
