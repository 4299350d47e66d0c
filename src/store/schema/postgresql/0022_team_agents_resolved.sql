-- 0022: the supervisors' view of a team's agents reads the resolutions of
-- a period from an index of them alone: the timeline has no index on time
-- (the report's one pass over it is cheaper than a write per event), but
-- resolutions are few among the events, so this partial index costs little
-- and spares the team view a walk of every event or every complaint.
CREATE INDEX events_resolved ON events(at)
	WHERE kind = 'status_changed' AND CAST(data AS jsonb)->>'to' = 'resolved';
