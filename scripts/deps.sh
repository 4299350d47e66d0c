#!/bin/sh
# Installs the Debian packages and the npm packages kesu needs to build and
# test, if any are missing. Usage: scripts/deps.sh [build|test|bench|fuzz]
set -eu
build="gcc make pkg-config libmicrohttpd-dev libsqlite3-dev libjansson-dev
       libsodium-dev liboath-dev libopencc-dev libopencc-data libutf8proc-dev tzdata
       libgmime-3.0-dev libcurl4-openssl-dev libxml2-dev libmagic-dev ca-certificates
       libcairo2-dev libpango1.0-dev libxlsxwriter-dev fonts-noto-cjk libarchive-dev poppler-utils
       libicu-dev liblinear-dev libpq-dev"
test="$build libcmocka-dev python3 python3-pytest python3-pytest-xdist python3-yaml sqlite3 curl procps mount
      python3-aiosmtpd swaks postfix openssl unzip chromium postgresql haproxy python3-psycopg2"
bench="$test wrk time"
# `make fuzz`: clang and its libFuzzer runtime (the tests replay the fuzz
# inputs with gcc, without them)
fuzz="$build clang libclang-rt-14-dev"
case "${1:-build}" in
	build) want=$build ;;
	test) want=$test ;;
	bench) want=$bench ;;
	fuzz) want=$fuzz ;;
	*) echo "usage: $0 [build|test|bench|fuzz]" >&2; exit 64 ;;
esac
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
# npm packages come with Node.js: Debian's nodejs and npm, unless a Node.js
# of the machine's own (which brings its npm) is there already.
if ! { command -v node && command -v npm; } >/dev/null; then
	missing="$missing nodejs npm"
fi
# ...each folder's from its committed package-lock.json, installed once (and
# again when the lock changes) so that builds and tests run offline
# afterwards: web (Swagger UI, built into the binary for the API
# reference), tests/web (playwright-core, for the browser tests), tests/lint
# (Redocly CLI and Spectral, which lint docs/openapi.yaml).
npm_dirs=web
[ "$want" = "$build" ] || [ "$want" = "$fuzz" ] || npm_dirs="web tests/web tests/lint"
root=$(cd "$(dirname "$0")/.." && pwd)
npm_modules() {
	# Node.js trusts only the CAs built into it; the system's bundle (from
	# ca-certificates) holds those and any the machine's owner added, such
	# as a proxy's.
	ca=/etc/ssl/certs/ca-certificates.crt
	set --
	[ -r "$ca" ] && set -- --cafile="$ca"
	for d in $npm_dirs; do
		cmp -s "$root/$d/package-lock.json" "$root/$d/node_modules/.kesu-lock.json" && continue
		echo "deps: installing $d/node_modules (npm ci)"
		# none of the packages needs an install script; skipping them also
		# keeps an analytics one (@scarf/scarf) from calling out
		(cd "$root/$d" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error "$@" >/dev/null)
		cp "$root/$d/package-lock.json" "$root/$d/node_modules/.kesu-lock.json"
	done
}
[ -z "$missing" ] && { npm_modules; exit 0; }
echo "deps: installing$missing"
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null; then SUDO=sudo; else
		echo "deps: run as root, or install:$missing" >&2; exit 1
	fi
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
# Postfix is only a test peer, started by the tests with their own
# configuration; installing it must not set up a system mail server.
case "$missing" in *postfix*)
	echo "postfix postfix/main_mailer_type select No configuration" |
		$SUDO debconf-set-selections ;;
esac
$SUDO apt-get update -q >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
npm_modules
