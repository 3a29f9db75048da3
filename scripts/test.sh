#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine, as root: installs what the
# tests use (LibreOffice headless, openpyxl, exceljs, SheetJS and Gnumeric as
# real clients, Liberation fonts for LibreOffice's Arial, poppler and qpdf
# to read PDFs back, Dovecot and Postfix as real mail servers with OpenDKIM and
# OpenDMARC as milters, PostgreSQL, Chromium as the real browser of the status
# site's login tests),
# starts the servers on loopback, then runs vet, every Go test, and a short
# fuzz run of each parser. Idempotent; a second run skips the installs.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS="libreoffice-calc-nogui python3-uno python3-openpyxl poppler-utils qpdf fonts-liberation gnumeric
      dovecot-imapd dovecot-lmtpd postfix openssl postgresql chromium
      opendkim opendkim-tools opendmarc dnsmasq-base"
# Node.js and npm run the JavaScript spreadsheet libraries; a machine may
# already have them from elsewhere (nodesource), so Debian's only when missing.
command -v node >/dev/null || PKGS="$PKGS nodejs"
command -v npm >/dev/null || PKGS="$PKGS npm"
missing=$(for p in $PKGS; do dpkg-query -W -f='${db:Status-Abbrev}\n' "$p" 2>/dev/null | grep -q '^ii' || echo "$p"; done)
if [ -n "$missing" ]; then
  echo "== installing:" $missing
  export DEBIAN_FRONTEND=noninteractive
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
fi

# exceljs and SheetJS, the libraries web tools fill workbooks with, outside
# the repository (internal/fill.NodeModules), and axe-core, the accessibility
# audit the status site's tests run in Chromium; npm skips what is installed.
export PACTD_NODE_MODULES=${PACTD_NODE_MODULES:-$HOME/.cache/pactd/node/node_modules}
if [ ! -f "$PACTD_NODE_MODULES/exceljs/package.json" ] || [ ! -f "$PACTD_NODE_MODULES/xlsx/package.json" ] ||
  [ ! -f "$PACTD_NODE_MODULES/axe-core/axe.min.js" ]; then
  echo "== installing exceljs, xlsx and axe-core (npm)"
  npm install --silent --no-audit --no-fund --prefix "$(dirname "$PACTD_NODE_MODULES")" exceljs@4.4.0 xlsx@0.18.5 axe-core@4.14.1
fi

echo "== starting loopback servers"
bash scripts/mailtest.sh start
export PACTD_TEST_MAIL=1
PACTD_TEST_POSTGRES_URL=$(bash scripts/postgres-test.sh)
export PACTD_TEST_POSTGRES_URL

echo "== gofmt, go vet"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted" >&2; exit 1; fi
go vet ./...

echo "== go test"
# Screenshots of the status site's login tests, for people to look at.
export PACTD_TEST_ARTIFACTS=${PACTD_TEST_ARTIFACTS:-${TMPDIR:-/tmp}/pactd-artifacts}
go test -count=1 -timeout 15m ./...
# The patched gofpdf is a module of its own (go.mod's replace): its tests
# check that pactd's patches keep upstream's output.
(cd third_party/gofpdf && go test -count=1 .)
echo "== screenshots in $PACTD_TEST_ARTIFACTS"

echo "== short fuzz runs"
# Counts, not durations: Go 1.26 fails timed fuzz runs at their deadline
# (golang/go#75804), and an uncapped minimisation can stall the run.
fuzz() { go test -run='^$' -fuzz="^$1\$" -fuzztime="$2" -fuzzminimizetime=100x "$3"; }
fuzz FuzzParse 40000x ./templates/
fuzz FuzzSheetXML 10000x ./templates/
fuzz FuzzPackage 10000x ./internal/ooxml/
fuzz FuzzScanSheet 20000x ./internal/ooxml/
fuzz FuzzParseAuthResults 20000x ./ingest/
fuzz FuzzAnnotate 2000x ./reports/
fuzz FuzzFindingsRoundTrip 20000x ./internal/sqlstore/
fuzz FuzzParse 20000x ./internal/schedule/
fuzz FuzzStripAttachments 20000x ./internal/mail/
echo "== all tests and fuzz runs passed"
