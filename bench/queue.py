#!/usr/bin/env python3
"""The queue page's server time at N complaints (BASE and TOKEN from the
environment, as latency.py): a page of 50 newest first, most urgent first
(sort=due), the unassigned queue, the next pages by cursor, a saved view,
and the saved views' counts.

    queue.py REQUESTS
"""
import http.client
import json
import sys

import latency
from latency import HDR, get, report


def post(path, body):
    latency.conn.request("POST", path, body=json.dumps(body),
                         headers={**HDR, "Content-Type": "application/json"})
    r = latency.conn.getresponse()
    data = r.read()
    if r.status != 201:
        raise SystemExit(f"{path}: {r.status} {data[:200]!r}")
    return json.loads(data)


def run(requests):
    view = post("/api/v1/views", {"name": "bench: phone, high",
                                  "filters": {"channel": "phone", "severity": "high"}})
    cases = [("newest, page 1 (50)", "/api/v1/complaints?limit=50"),
             ("sort=due, page 1 (50)", "/api/v1/complaints?limit=50&sort=due"),
             ("unassigned, page 1 (50)", "/api/v1/complaints?queue=unassigned&limit=50"),
             ("saved view, page 1 (50)", f"/api/v1/complaints?view={view['id']}&limit=50")]
    for _ in range(50):  # warm-up, as a server that has been running would be
        for _, path in cases:
            get(path)
    for label, path in cases:
        report(label, [get(path)[:2] for _ in range(requests)])
    for label, first in (("newest, next pages by cursor", "/api/v1/complaints?limit=50"),
                         ("sort=due, next pages by cursor",
                          "/api/v1/complaints?limit=50&sort=due")):
        samples, cursor = [], get(first)[2]["next_cursor"]
        while len(samples) < requests and cursor:
            c, s, page = get(f"{first}&cursor={cursor}")
            samples.append((c, s))
            cursor = page["next_cursor"]
        report(label, samples)
    report("saved views with counts", [get("/api/v1/views")[:2] for _ in range(requests // 4)])


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
