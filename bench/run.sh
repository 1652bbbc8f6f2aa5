#!/usr/bin/env bash
# Load benchmark: starts a fresh Convene (embedded PostgreSQL, synchronous commits on), drives it
# over HTTP with bench LoadDriver, then, with the server paused, measures the database alone:
# pgbench's single-row and spread-out counter designs, Convene's RSVP transaction, and the
# server's own RSVP store (StoreDriver: its statement and batching, no HTTP) answering one event.
# Not part of the test suite. Usage: bench/run.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_PHASE=${1:-15}
CONNECTIONS=${2:-64}
PORT=${BENCH_PORT:-8181}
DATA=$(mktemp -d /tmp/convene-bench.XXXXXX)
command -v pgbench >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-client; }

mvn -q -B -DskipTests package
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
PORT=$PORT DATA_DIR=$DATA RSVP_RATE_LIMIT=0 LOGIN_RATE_LIMIT=0 MAX_EVENT_CAPACITY=0 NEW_ACCOUNT_EVENTS_PER_DAY=0 NEW_ACCOUNT_SEATS_PER_DAY=0 RSVP_QUEUE_PER_EVENT=0 java -Xmx1g ${BENCH_JAVA_OPTS:-} -jar target/convene.jar > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -fs "http://localhost:$PORT/ready" >/dev/null 2>&1 && break; sleep 0.5; done
PGPORT=$(grep -o 'PostgreSQL running on port [0-9]*' "$DATA/server.log" | grep -o '[0-9]*$')

echo "== Convene at http://localhost:$PORT, $CONNECTIONS connections, ${SECONDS_PER_PHASE}s per phase ($(nproc) cores)"
CP="target/bench-classes:target/test-classes:target/classes:$(cat target/bench.cp)"
java -cp "$CP" org.convene.bench.LoadDriver "http://localhost:$PORT" "$SECONDS_PER_PHASE" "$CONNECTIONS" \
  2>/dev/null | tee "$DATA/driver.log" | grep -v -- '-event:'
grep 'new RSVPs:' "$DATA/server.log" | sed 's/^.* - /server log: /' || true
event() { grep "^$1-event:" "$DATA/driver.log" | cut -d' ' -f2; }

echo "== the database alone: $CONNECTIONS clients on the same PostgreSQL (synchronous_commit on), Convene paused"
# freeze the server (its mail sender would otherwise compete for the CPU); PostgreSQL runs on
kill -STOP "$SERVER"
trap 'kill -CONT $SERVER 2>/dev/null; kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
export PGPASSWORD=postgres
psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_rsvp; DROP TABLE IF EXISTS bench_counter;
CREATE TABLE bench_counter (id int PRIMARY KEY, taken int NOT NULL, cap int NOT NULL);
INSERT INTO bench_counter SELECT g, 0, 1000000000 FROM generate_series(1, 1000) g;
CREATE TABLE bench_rsvp (id bigserial PRIMARY KEY, counter_id int NOT NULL, email text NOT NULL);
SQL
java -cp "$CP" org.convene.rsvp.PgbenchAnswerScript "$(event pgbench)" 1 > "$DATA/pgbench-seat-rows.sql"
pgbench_tps() {
  pgbench -n -h 127.0.0.1 -p "$PGPORT" -U postgres -c "$CONNECTIONS" -j 2 -M prepared -T "$SECONDS_PER_PHASE" \
    -f "$1" postgres 2>/dev/null | grep -o 'tps = [0-9.]*' | head -1
}
# the single row twice, before and after, because its rate follows the disk's fsync latency
echo "pgbench guarded counter update, ONE row (a counter per event): $(pgbench_tps bench/pgbench-single-row.sql)"
echo "pgbench guarded counter update, spread over 1000 rows:         $(pgbench_tps bench/pgbench-spread.sql)"
echo "pgbench Convene's RSVP transaction, ONE event, 1 answer each:  $(pgbench_tps "$DATA/pgbench-seat-rows.sql")"
java -cp "$CP" org.convene.bench.StoreDriver "$PGPORT" "$(event store)" "$SECONDS_PER_PHASE" "$CONNECTIONS" 2>/dev/null
echo "pgbench guarded counter update, ONE row, again:                $(pgbench_tps bench/pgbench-single-row.sql)"
psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -c 'DROP TABLE bench_rsvp; DROP TABLE bench_counter;'
kill -CONT "$SERVER"
