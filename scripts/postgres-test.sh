#!/usr/bin/env bash
# A PostgreSQL server on loopback for the tests of internal/postgres, on
# Debian 12 as root, without systemd: installs the server when missing,
# creates and starts the cluster, creates the role and database pactd_test,
# and prints the URL to export as PACTD_TEST_POSTGRES_URL (on stdout, alone;
# everything else goes to stderr). Idempotent.
#
#   export PACTD_TEST_POSTGRES_URL=$(bash scripts/postgres-test.sh)
#   go test ./internal/postgres/
set -euo pipefail
exec 3>&1 1>&2 # keep stdout for the URL
# Commands run with fd 3 closed: a server they start (apt's postinst starts
# the cluster on some machines) must not hold the caller's $(...) open.

ROLE=pactd_test
PASSWORD=pactd_test
DB=pactd_test
PORT=${PACTD_TEST_POSTGRES_PORT:-5432}

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "== installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  if ! { apt-get -o DPkg::Lock::Timeout=600 update -qq &&
         apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql; } \
       </dev/null >"$log" 2>&1 3>&-; then
    cat "$log"; rm -f "$log"; exit 1
  fi
  rm -f "$log"
fi
VERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)

if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$VERSION/main"; then
  echo "== creating cluster $VERSION/main on port $PORT"
  pg_createcluster --port "$PORT" "$VERSION" main </dev/null >/dev/null 3>&-
fi
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $3}')
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  echo "== starting cluster $VERSION/main"
  # The server must not inherit our stdout (the caller's $(...) would wait
  # for it forever) nor stderr: its output goes to its own log.
  log=$(mktemp)
  if ! pg_ctlcluster "$VERSION" main start </dev/null >"$log" 2>&1 3>&-; then
    cat "$log"; rm -f "$log"; exit 1
  fi
  rm -f "$log"
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$PORT"

psql_admin() { (cd / && su postgres -c "psql -X -q -v ON_ERROR_STOP=1 -p $PORT -tA $*" 3>&-); }
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'\"")" != 1 ]; then
  echo "== creating role $ROLE"
  psql_admin "-c \"CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'\""
fi
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname = '$DB'\"")" != 1 ]; then
  echo "== creating database $DB"
  psql_admin "-c \"CREATE DATABASE $DB OWNER $ROLE\""
fi

# The benchmarks start each PostgreSQL run right after a checkpoint
# (ingest/e2e benchFolder): PostgreSQL 15 lets a role do it with pg_checkpoint.
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname = 'pg_checkpoint'\"")" = 1 ]; then
  psql_admin "-c \"GRANT pg_checkpoint TO $ROLE\""
fi
echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB?sslmode=disable" >&3
