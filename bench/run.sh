#!/usr/bin/env bash
# Load benchmark: starts a fresh Convene (embedded PostgreSQL, synchronous commits on), drives it
# with bench LoadDriver, then runs pgbench against the same PostgreSQL for the single-row and
# spread-out reference rates. Not part of the test suite. Usage: bench/run.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_PHASE=${1:-15}
CONNECTIONS=${2:-64}
PORT=${BENCH_PORT:-8181}
DATA=$(mktemp -d /tmp/convene-bench.XXXXXX)
command -v pgbench >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-client; }

mvn -q -B -DskipTests package
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
PORT=$PORT DATA_DIR=$DATA RSVP_RATE_LIMIT=0 LOGIN_RATE_LIMIT=0 java -Xmx1g ${BENCH_JAVA_OPTS:-} -jar target/convene.jar > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -fs "http://localhost:$PORT/ready" >/dev/null 2>&1 && break; sleep 0.5; done
PGPORT=$(grep -o 'PostgreSQL running on port [0-9]*' "$DATA/server.log" | grep -o '[0-9]*$')

echo "== Convene at http://localhost:$PORT, $CONNECTIONS connections, ${SECONDS_PER_PHASE}s per phase ($(nproc) cores)"
CP="target/test-classes:target/classes:$(cat target/bench.cp)"
java -cp "$CP" org.convene.bench.LoadDriver "http://localhost:$PORT" "$SECONDS_PER_PHASE" "$CONNECTIONS" \
  2>/dev/null | tee "$DATA/driver.log" | grep -v '^flash-event:'
FLASH=$(grep '^flash-event:' "$DATA/driver.log" | cut -d' ' -f2)
java -cp "$CP" org.convene.rsvp.PgbenchAnswerScript "$FLASH" > "$DATA/pgbench-seat-rows.sql"

echo "== pgbench on the same PostgreSQL (synchronous_commit on), $CONNECTIONS clients, Convene paused"
# freeze the server (its mail sender would otherwise compete for the CPU); PostgreSQL runs on
kill -STOP "$SERVER"
export PGPASSWORD=postgres
psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres <<'SQL'
DROP TABLE IF EXISTS bench_rsvp; DROP TABLE IF EXISTS bench_counter;
CREATE TABLE bench_counter (id int PRIMARY KEY, taken int NOT NULL, cap int NOT NULL);
INSERT INTO bench_counter SELECT g, 0, 1000000000 FROM generate_series(1, 1000) g;
CREATE TABLE bench_rsvp (id bigserial PRIMARY KEY, counter_id int NOT NULL, email text NOT NULL);
SQL
for script in bench/pgbench-single-row.sql bench/pgbench-spread.sql "$DATA/pgbench-seat-rows.sql"; do
  tps=$(pgbench -n -h 127.0.0.1 -p "$PGPORT" -U postgres -c "$CONNECTIONS" -j 2 -M prepared -T "$SECONDS_PER_PHASE" \
    -f "$script" postgres 2>/dev/null | grep -o 'tps = [0-9.]*' | head -1)
  case "$script" in
    *single-row*) label="guarded counter update, ONE row (a counter per event)";;
    *spread*) label="guarded counter update, spread over 1000 rows";;
    *) label="Convene's RSVP transaction, ONE event (seat rows)";;
  esac
  echo "pgbench $label: $tps"
done
psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -c 'DROP TABLE bench_rsvp; DROP TABLE bench_counter;'
kill -CONT "$SERVER"
