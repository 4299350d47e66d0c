#!/bin/sh
# Runs the browser tests (tests/web/*.test.mjs) with node's test runner:
# kesu's pages in Debian's Chromium, driven by playwright-core. Results go
# to build/test-results/<flavour>-browser.xml as JUnit XML.
#   tests/web/run.sh [test files...]     KESU_BIN=build/release/kesu by default
# scripts/deps.sh test installs Chromium, Node.js and tests/web/node_modules.
set -eu
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
: "${KESU_BIN:=$root/build/release/kesu}"
export KESU_BIN
flavour=$(basename "$(dirname "$KESU_BIN")")
[ "$flavour" = build ] && flavour=release
out="$root/build/test-results"
mkdir -p "$out"
if [ ! -d node_modules/playwright-core ]; then
	echo "tests/web: playwright-core is missing; run scripts/deps.sh test" >&2
	exit 1
fi
[ "$#" -gt 0 ] || set -- *.test.mjs
export KESU_JUNIT_SUITE="browser-$flavour"
exec node --test --test-concurrency="$(nproc)" --test-reporter=spec --test-reporter-destination=stdout \
	--test-reporter=./junit.mjs --test-reporter-destination="$out/$flavour-browser.xml" "$@"
