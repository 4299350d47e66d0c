-- 0036: a count of the changes to what a new complaint is compared with
-- (an incident made or edited, a sample added or removed), kept by
-- triggers so that every writer bumps it, on whichever node. The writer
-- keeps the live incidents and their samples in memory while the count
-- holds (incidents.c): one row read per registration, where a sum over
-- the incidents and a count of the samples grew with the proposals. The
-- complaints count an incident keeps (0026's triggers) is no change: an
-- update that does not set its version leaves the count. A row trigger,
-- as SQLite's: the count moves by one per row on both stores.
CREATE TABLE incident_changes (
	id SMALLINT PRIMARY KEY CHECK (id = 1),
	n BIGINT NOT NULL
);
INSERT INTO incident_changes(id, n) VALUES (1, 0);
CREATE FUNCTION incident_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE incident_changes SET n = n + 1 WHERE id = 1;
	RETURN NULL;
END $$;
CREATE TRIGGER incidents_made AFTER INSERT OR DELETE ON incidents
FOR EACH ROW EXECUTE FUNCTION incident_changed();
CREATE TRIGGER incidents_edited AFTER UPDATE OF version ON incidents
FOR EACH ROW EXECUTE FUNCTION incident_changed();
CREATE TRIGGER incident_samples_made AFTER INSERT OR DELETE ON incident_samples
FOR EACH ROW EXECUTE FUNCTION incident_changed();
