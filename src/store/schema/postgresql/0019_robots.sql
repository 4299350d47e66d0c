-- 0019: team chat robots (企业微信, 钉钉, 飞书). Staff notices may also go
-- to group robots named in the channel settings; each is a delivery of
-- kind 'robot' whose recipient is the robot's name (never its URL, which
-- holds its key). SQLite cannot widen a CHECK in place: the table is
-- built again with the same rows.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_kind_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check
	CHECK (kind IN ('email', 'sms', 'webhook', 'robot'));
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries(next_at) WHERE state = 'queued';
CREATE INDEX IF NOT EXISTS deliveries_sending ON deliveries(id) WHERE state = 'sending';
CREATE INDEX IF NOT EXISTS deliveries_dead ON deliveries(id) WHERE state = 'dead';
CREATE INDEX IF NOT EXISTS deliveries_outbox ON deliveries(outbox_id);
CREATE INDEX IF NOT EXISTS deliveries_complaint ON deliveries(complaint_id, id);
