#!/bin/bash
# The queue page in a real browser over the N-complaint dataset: how long
# from navigation to the first page of the queue on screen, for each queue
# and order, as an agent's supervisor of the (one) team would see it and as
# a manager of every team. Headless Debian Chromium, driven by
# playwright-core (tests/web/node_modules, from scripts/deps.sh test).
#   bench/web.sh [N] [ROUNDS]
source "$(dirname "$0")/common.sh"
build_once
make -C "$ROOT" --no-print-directory -s test-deps >&2
n=${1:-1000000}
rounds=${2:-7}
dir=$(dataset "$n")
serve "$dir"
echo "queue page over $n complaints, $CORES cores, $rounds rounds each (goal: first page < 300 ms):"
NODE_PATH=$ROOT/tests/web/node_modules node "$ROOT/bench/web_queue.mjs" "$BASE" "$TOKEN" "$rounds"
stop_server
