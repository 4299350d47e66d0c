-- 0036: a count of the changes to what a new complaint is compared with
-- (an incident made or edited, a sample added or removed), kept by
-- triggers so that every writer bumps it, whatever process it is. The
-- writer keeps the live incidents and their samples in memory while the
-- count holds (incidents.c): one row read per registration, where a sum
-- over the incidents and a count of the samples grew with the proposals.
-- The complaints count an incident keeps (0026's triggers) is no change:
-- an update that does not bump its version leaves the count.
CREATE TABLE incident_changes (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n INTEGER NOT NULL
);
INSERT INTO incident_changes(id, n) VALUES (1, 0);
CREATE TRIGGER incidents_made AFTER INSERT ON incidents
BEGIN UPDATE incident_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER incidents_edited AFTER UPDATE OF version ON incidents
BEGIN UPDATE incident_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER incidents_gone AFTER DELETE ON incidents
BEGIN UPDATE incident_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER incident_samples_made AFTER INSERT ON incident_samples
BEGIN UPDATE incident_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER incident_samples_gone AFTER DELETE ON incident_samples
BEGIN UPDATE incident_changes SET n = n + 1 WHERE id = 1; END;
