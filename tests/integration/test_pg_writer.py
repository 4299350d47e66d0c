"""The PostgreSQL writer (pg.c) sends the statements whose answer it does
not need without waiting (libpq's pipeline mode), and remembers the hash
chains' tails within its transaction. A failure among the statements it
did not wait for must be the failing request's own: the request is
refused and nothing of it stays, the other requests of the same group
commit are stored whole, and the timeline's hash chain still verifies
(the tail it remembered was forgotten with the rollback).

The failure is made by the database: a trigger refuses the search
document of a complaint whose words hold a marker, a statement kesu sends
without waiting. Run on the PostgreSQL pass (KESU_TEST_PG)."""
import threading

import pytest

from conftest import PG, Client, complaint, kesu, store_db

pytestmark = pytest.mark.skipif(not PG, reason="needs PostgreSQL (KESU_TEST_PG, set by tests/run)")

MARK = "拒收此单"


def at_once(n, fn):
    """fn(k) for k in 0..n-1, each in a thread of its own, all at once."""
    threads = [threading.Thread(target=fn, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def refuse_marked(data):
    db = store_db(data)
    try:
        db.execute("CREATE FUNCTION refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$"
                   " BEGIN IF position('拒收' in NEW.doc::text) > 0 THEN"
                   " RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$")
        db.execute("CREATE TRIGGER refuse_marked BEFORE INSERT ON complaints_search"
                   " FOR EACH ROW EXECUTE FUNCTION refuse_marked()")
    finally:
        db.close()


def test_a_failure_sent_without_waiting_is_its_own_requests(server):
    refuse_marked(server.data)
    results, lock = [], threading.Lock()

    def client(k):
        c = Client(server.port, server.token)
        for i in range(12):
            marked = i % 4 == k % 4
            words = f"{MARK} 第{k}-{i}单" if marked else f"空调不制冷 第{k}-{i}单"
            r = c.post("/api/v1/complaints", complaint(content=words))
            with lock:
                results.append((marked, words, r.status, r.json))
        c.close()

    at_once(16, client)
    assert len(results) == 16 * 12
    refused = [(w, s) for m, w, s, _ in results if m]
    taken = [(w, s, j) for m, w, s, j in results if not m]
    assert refused and all(s >= 400 for _, s in refused), refused[:3]
    assert all(s == 201 for _, s, _ in taken), [x for x in taken if x[1] != 201][:3]
    db = store_db(server.data)
    try:
        stored = {r[0]: r[1] for r in db.execute("SELECT id, content FROM complaints")}
        # nothing of a refused request stayed: no complaint, no timeline
        assert not [c for c in stored.values() if MARK in c]
        assert sorted(stored) == sorted(j["id"] for _, _, j in taken)
        assert {stored[j["id"]] for _, _, j in taken} == {w for w, _, _ in taken}
        orphans = db.execute("SELECT count(*) FROM events e WHERE NOT EXISTS"
                             " (SELECT 1 FROM complaints c WHERE c.id = e.complaint_id)"
                             " AND e.complaint_id IS NOT NULL").fetchone()[0]
        assert orphans == 0
        # every stored complaint has its registration in the timeline, once
        per = dict(db.execute("SELECT complaint_id, count(*) FROM events"
                              " WHERE kind = 'created' GROUP BY complaint_id").fetchall())
        assert all(per.get(i) == 1 for i in stored), [i for i in stored if per.get(i) != 1][:3]
    finally:
        db.close()
    # the requests were committed in groups, not one by one
    m = Client(server.port, server.token).get("/metrics")
    assert m.status == 200, m
    val = {line.split()[0]: float(line.split()[1]) for line in m.raw.splitlines()
           if line.startswith("kesu_store_commit_batch_jobs_")}
    assert val["kesu_store_commit_batch_jobs_sum"] > 1.5 * val["kesu_store_commit_batch_jobs_count"]
    v = kesu("audit", "verify", "--data", str(server.data))
    assert v.returncode == 0, v.stdout + v.stderr


def test_a_failure_in_a_requests_last_statement_is_its_own(server):
    """A note's last statement is its timeline record, sent without
    waiting: the group reads its answer before the next request's work
    begins, so a refused record fails its own note and no other."""
    c0 = Client(server.port, server.token)
    ids = [c0.post("/api/v1/complaints", complaint()).json["id"] for _ in range(4)]
    db = store_db(server.data)
    try:
        db.execute("CREATE FUNCTION refuse_note() RETURNS trigger LANGUAGE plpgsql AS $$"
                   " BEGIN IF NEW.kind = 'note' AND position('REFUSE-ME' in NEW.data) > 0 THEN"
                   " RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$")
        db.execute("CREATE TRIGGER refuse_note BEFORE INSERT ON events"
                   " FOR EACH ROW EXECUTE FUNCTION refuse_note()")
    finally:
        db.close()
    results, lock = [], threading.Lock()

    def client(k):
        c = Client(server.port, server.token)
        for i in range(15):
            text = f"REFUSE-ME {k}-{i}" if i % 3 == k % 3 else f"已电话联系 {k}-{i}"
            r = c.post(f"/api/v1/complaints/{ids[(k + i) % 4]}/notes", {"body": text})
            with lock:
                results.append((text, r.status))
        c.close()

    at_once(16, client)
    bad = [(t, s) for t, s in results if ("REFUSE-ME" in t) != (s >= 400)]
    assert not bad, bad[:5]
    assert all(s == 201 for t, s in results if "REFUSE-ME" not in t)
    db = store_db(server.data)
    try:
        notes = [r[0] for r in db.execute("SELECT data FROM events WHERE kind = 'note'")]
    finally:
        db.close()
    kept = sorted(t for t, s in results if s == 201)
    assert sorted(n for n in notes if "REFUSE-ME" in n) == []
    assert len(notes) == len(kept)
    v = kesu("audit", "verify", "--data", str(server.data))
    assert v.returncode == 0, v.stdout + v.stderr
