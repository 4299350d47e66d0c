#!/bin/bash
# Every figure of docs/benchmarks.md, in order.   bench/all.sh [N]
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-1000000}
./dataset.sh "$n"
./reads.sh "$n"
./search.sh "$n"
./footprint.sh "$n"
./creates.sh "$n" 30
./auth.sh "$n"
./workflow.sh "$n"
./ack.sh "$n"
./report.sh "$n"
./web.sh "$n"
./handling.sh "$n"
./slow_body.sh
./analysis.sh "$n"
