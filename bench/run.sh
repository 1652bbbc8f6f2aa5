#!/usr/bin/env bash
# Load benchmark: Convene beside a bare Vert.x reference (and pgbench), on one fresh PostgreSQL 15,
# driven by wrk. Each round runs every phase, Convene then its reference; the table shows the
# medians of the rounds and the median of the per-round ratios. Only answers with the expected
# status count as throughput; anything else is reported as ERRORS. Not part of the test suite.
#
# Usage: bench/run.sh [seconds=10] [connections=64] [rounds=3]
# Environment:
#   BENCH_JAR=/path/convene.jar   measure another build of Convene (default: target/convene.jar)
#   BENCH_JAVA_OPTS="..."         extra JVM flags for the Convene JVM
#   BENCH_ROUNDS=n                rounds, when the third argument is not given
#   BENCH_PROFILE=1               JFR on Convene during round 1's event-page phase, then its hot
#                                 methods (bench JfrTop); the recording stays in target/
#   BENCH_ONLY="spread one"       only these phases (experiments; the table wants all four)
#   BENCH_PROFILE_PHASE=p         the phase to record instead: event, feed, spread or one
#   BENCH_PG_STATS=1              pg_stat_statements on Convene's database: its costliest
#                                 statements after the run (from the end of the seeding on)
#   BENCH_SKIP_BUILD=1            use the jar and bench classes already in target/
#   BENCH_SETTLE_MAX=s            before each phase, wait at most this long (180) for Convene
#                                 to send the mails still due from the phases before
#   BENCH_PG_PORT, BENCH_PORT, BENCH_BARE_PORT   55432, 8181, 8182
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECS=${1:-10}
CONNS=${2:-64}
ROUNDS=${3:-${BENCH_ROUNDS:-3}}
WARMUP=${BENCH_WARMUP:-8}  # the JIT needs it: 3 s left the first round at a third of the rest
PGPORT=${BENCH_PG_PORT:-55432}
CPORT=${BENCH_PORT:-8181}
BPORT=${BENCH_BARE_PORT:-8182}
EVENTS=1000
SPREAD_CAPACITY=500        # seat rows per event: ~35 s of RSVPs spread over 1,000 events fit
ONE_CAPACITY=${BENCH_ONE_CAPACITY:-400000}  # the ONE event must not fill up (waitlisted = cheaper)
PGBIN=/usr/lib/postgresql/15/bin
THREADS=2

# ---- tools ---------------------------------------------------------------------------------
if ! command -v wrk >/dev/null || [ ! -x "$PGBIN/postgres" ] || ! command -v pgbench >/dev/null \
    || ! command -v psql >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk postgresql-15
fi
for t in wrk pgbench psql java curl; do command -v $t >/dev/null || { echo "missing $t" >&2; exit 1; }; done

# ---- build ---------------------------------------------------------------------------------
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  # -DskipTests skips running the tests, not compiling them: the bench-compile execution
  # (pom.xml, test-compile phase) builds src/bench/java into target/bench-classes
  mvn -q -B -Dstyle.color=never -DskipTests package
  mvn -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.outputFile=target/bench.cp \
    -Dmdep.includeScope=test >/dev/null
fi
JAR=$(readlink -f "${BENCH_JAR:-target/convene.jar}")
[ -f "$JAR" ] || { echo "no Convene jar at $JAR" >&2; exit 1; }
[ -f target/bench.cp ] && [ -d target/bench-classes ] || { echo "bench classes not built" >&2; exit 1; }
CP="$ROOT/target/bench-classes:$ROOT/target/classes:$(cat target/bench.cp)"

# ---- a fresh PostgreSQL, cleaned up on exit --------------------------------------------------
WORK=$(mktemp -d /tmp/convene-bench.XXXXXX)
chmod 755 "$WORK"
CONVENE=""
BARE=""
cleanup() {
  set +e
  [ -n "$CONVENE" ] && { kill -CONT "$CONVENE" 2>/dev/null; kill "$CONVENE" 2>/dev/null; }
  [ -n "$BARE" ] && kill "$BARE" 2>/dev/null
  [ -n "$CONVENE" ] && wait "$CONVENE" 2>/dev/null
  [ -n "$BARE" ] && wait "$BARE" 2>/dev/null
  if [ -f "$WORK/pg/postmaster.pid" ]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$WORK/pg" "$WORK/data" "$WORK/seed"
chown postgres "$WORK/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 >/dev/null
cat >> "$WORK/pg/postgresql.conf" <<EOF
port = $PGPORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK/pg'
max_connections = 300
shared_buffers = 256MB
# fsync and synchronous_commit stay on: the RSVP rows are about the cost of a commit
EOF
[ -n "${BENCH_PG_STATS:-}" ] && echo "shared_preload_libraries = 'pg_stat_statements'" >> "$WORK/pg/postgresql.conf"
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w start >/dev/null
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres)
for db in convene bare pgb; do "${PSQL[@]}" -d postgres -c "CREATE DATABASE $db"; done

# ---- the two servers -------------------------------------------------------------------------
PROFILE_OPTS=""
JFC=profile
if [ -n "${BENCH_PROFILE:-}" ]; then
  # deep stacks, or the inclusive counts lose the frames below Vert.x's future chains
  PROFILE_OPTS="-XX:FlightRecorderOptions:stackdepth=1024"
  # the profile settings, but a Java sample every 2 ms instead of 10 ms
  PROFILE_JFC="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc"
  if [ -f "$PROFILE_JFC" ]; then
    sed 's|\(control="method-sampling-java-interval">\)[0-9]* ms|\12 ms|' "$PROFILE_JFC" > "$WORK/bench.jfc"
    JFC="$WORK/bench.jfc"
  fi
fi
# Convene reads DATABASE_URL (user:password@host:port/db); pg_hba trusts 127.0.0.1, so the
# password is never asked. 0 lifts each limit (Config.Limits).
env PORT=$CPORT DATABASE_URL="postgresql://postgres:postgres@127.0.0.1:$PGPORT/convene" \
  DATA_DIR="$WORK/data" BASE_URL="http://localhost:$CPORT" \
  RSVP_RATE_LIMIT=0 LOGIN_RATE_LIMIT=0 MAX_EVENT_CAPACITY=0 NEW_ACCOUNT_EVENTS_PER_DAY=0 \
  NEW_ACCOUNT_SEATS_PER_DAY=0 RSVP_QUEUE_PER_EVENT=0 \
  java -Xmx256m ${BENCH_JAVA_OPTS:-} $PROFILE_OPTS -jar "$JAR" > "$WORK/convene.log" 2>&1 &
CONVENE=$!
java -Xmx256m -cp "$CP" org.convene.bench.BareServer "$BPORT" "$PGPORT" bare \
  bench/bare-event.hbs > "$WORK/bare.log" 2>&1 &
BARE=$!
ready() {
  for _ in $(seq 1 240); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.25
  done
  echo "not ready: $1" >&2; tail -20 "$3" >&2; exit 1
}
ready "http://127.0.0.1:$CPORT/ready" "$CONVENE" "$WORK/convene.log"
ready "http://127.0.0.1:$BPORT/plain" "$BARE" "$WORK/bare.log"

java -cp "$CP" org.convene.bench.Seed "http://127.0.0.1:$CPORT" "$WORK/seed" "$EVENTS" \
  "$SPREAD_CAPACITY" "$ONE_CAPACITY" "$PGPORT"
seq 1 "$EVENTS" > "$WORK/seed/bare-ids.txt"
if [ -n "${BENCH_PG_STATS:-}" ]; then
  "${PSQL[@]}" -d convene -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" \
    -c "SELECT pg_stat_statements_reset()" >/dev/null
fi
SLUG=$(cat "$WORK/seed/slug.txt")
ONE=$(cat "$WORK/seed/one.txt")
echo "$ONE" > "$WORK/seed/one-ids.txt"
FEED="/g/$SLUG/calendar.ics"
ETAG=$(curl -fs -D - -o /dev/null "http://127.0.0.1:$CPORT$FEED" | tr -d '\r' \
  | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p')
[ -n "$ETAG" ] || { echo "the feed $FEED sent no ETag" >&2; exit 1; }
FEED_STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $ETAG" \
  "http://127.0.0.1:$CPORT$FEED")
[ "$FEED_STATUS" = 304 ] || { echo "the feed answers $FEED_STATUS, not 304, to its own ETag" >&2; exit 1; }
C_PAGE=$(curl -fs "http://127.0.0.1:$CPORT/e/$(head -1 "$WORK/seed/events.txt")" | wc -c)
B_PAGE=$(curl -fs "http://127.0.0.1:$BPORT/e/1" | wc -c)

"${PSQL[@]}" -d pgb <<'SQL'
SET client_min_messages = warning;
CREATE TABLE bench_counter (id int PRIMARY KEY, taken int NOT NULL, cap int NOT NULL);
INSERT INTO bench_counter SELECT g, 0, 1000000000 FROM generate_series(1, 1000) g;
CREATE TABLE bench_rsvp (id bigserial PRIMARY KEY, counter_id int NOT NULL, email text NOT NULL);
SQL

echo "== Convene $(basename "$JAR") ($(stat -c %y "$JAR" | cut -d. -f1)) vs bare Vert.x and pgbench"
echo "   wrk -t$THREADS -c$CONNS -d${SECS}s, $ROUNDS rounds, PostgreSQL 15 on 127.0.0.1:$PGPORT" \
  "(fsync, synchronous_commit on), both JVMs -Xmx256m, $(nproc) cores"
echo "   event page bytes: Convene $C_PAGE, bare $B_PAGE; feed $FEED (ETag $ETAG)"
echo "   load before the run: $(uptime | sed 's/.*load average/load average/')"

# ---- phases ----------------------------------------------------------------------------------
RESULTS="$WORK/results.txt"   # round phase side good_rps other sockerr flagged detail
: > "$RESULTS"

# wrk_phase round phase side port seconds expect path ids method [etag] [flag]
wrk_phase() {
  local round=$1 phase=$2 side=$3 port=$4 secs=$5 expect=$6 path=$7 ids=$8 method=$9
  local etag=${10:-} flag=${11:-} out="$WORK/wrk-$1-$2-$3.txt"
  BENCH_EXPECT=$expect BENCH_PATH=$path BENCH_IDS=$ids BENCH_METHOD=$method \
    BENCH_TAG="r$round-$phase-$side" BENCH_ETAG=$etag BENCH_FLAG=$flag \
    wrk -t$THREADS -c"$CONNS" -d"${secs}s" --latency -s bench/bench.lua "http://127.0.0.1:$port" \
    > "$out" 2>&1 || true
  local line
  line=$(grep '^BENCH result' "$out" || true)
  if [ -z "$line" ]; then
    echo "  wrk failed for $phase/$side:" >&2; tail -5 "$out" >&2
    echo "$round $phase $side 0 -1 0 0 wrk-failed" >> "$RESULTS"; return
  fi
  local good other sock flagged p50 p99 statuses
  good=$(sed 's/.*good_rps=\([0-9.]*\).*/\1/' <<< "$line")
  other=$(sed 's/.*other=\([0-9]*\).*/\1/' <<< "$line")
  sock=$(sed 's/.*sockerr=\([0-9]*\).*/\1/' <<< "$line")
  flagged=$(sed 's/.*flagged=\([0-9]*\).*/\1/' <<< "$line")
  p50=$(sed 's/.*p50_ms=\([0-9.]*\).*/\1/' <<< "$line")
  p99=$(sed 's/.*p99_ms=\([0-9.]*\).*/\1/' <<< "$line")
  statuses=$(grep '^BENCH status' "$out" | awk '{printf "%s%s:%s", sep, $3, $4; sep=","}')
  echo "$round $phase $side $good $other $sock $flagged p50=${p50}ms,p99=${p99}ms,statuses=$statuses" >> "$RESULTS"
}

# pgbench_phase round: the single-row guard, Convene idle (it keeps running, unloaded)
pgbench_phase() {
  local out="$WORK/pgbench-$1.txt"
  pgbench -n -h 127.0.0.1 -p "$PGPORT" -U postgres -c "$CONNS" -j $THREADS -M prepared \
    -T "$SECS" -f bench/pgbench-single-row.sql pgb > "$out" 2>&1 || true
  local tps failed lat
  tps=$(grep -o 'tps = [0-9.]*' "$out" | head -1 | grep -o '[0-9.]*$' || true)
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")
  lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$out")
  if [ -z "$tps" ]; then echo "  pgbench failed:" >&2; tail -5 "$out" >&2; tps=0; failed=-1; fi
  echo "$1 one ref $tps ${failed:-0} 0 0 avg=${lat}ms" >> "$RESULTS"
}

C_IDS="$WORK/seed/events.txt"
B_IDS="$WORK/seed/bare-ids.txt"
O_IDS="$WORK/seed/one-ids.txt"
convene_event() { wrk_phase "$1" event conv "$CPORT" "$2" 200 '/e/{id}' "$C_IDS" GET; }
bare_event() { wrk_phase "$1" event ref "$BPORT" "$2" 200 '/e/{id}' "$B_IDS" GET; }
convene_feed() { wrk_phase "$1" feed conv "$CPORT" "$2" 304 "$FEED" "" GET "$ETAG"; }
bare_plain() { wrk_phase "$1" feed ref "$BPORT" "$2" 200 /plain "" GET; }
convene_spread() {
  wrk_phase "$1" spread conv "$CPORT" "$2" 201 '/api/v1/events/{id}/rsvps' "$C_IDS" POST "" '"waitlisted"'
}
bare_spread() { wrk_phase "$1" spread ref "$BPORT" "$2" 201 '/rsvp/{id}' "$B_IDS" POST; }
convene_one() {
  wrk_phase "$1" one conv "$CPORT" "$2" 201 '/api/v1/events/{id}/rsvps' "$O_IDS" POST "" '"waitlisted"'
}

# settle: waits (at most BENCH_SETTLE_MAX s, default 180) until Convene's outbox has no mail due,
# so that the mails of one phase's RSVPs are not sent during the next phase, on the same two
# cores, against one side only; prints how long the sender took when it had mail left
SETTLE_MAX=${BENCH_SETTLE_MAX:-180}
settle() {
  local t0 left first=""
  t0=$(date +%s.%N)
  while :; do
    left=$("${PSQL[@]}" -d convene -Atc \
      "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()")
    [ -z "$first" ] && first=$left
    [ "$left" = 0 ] && break
    if awk -v a="$t0" -v b="$(date +%s.%N)" -v m="$SETTLE_MAX" 'BEGIN { exit !(b - a >= m) }'; then
      echo "   settle: $left mails still due after ${SETTLE_MAX}s, going on" >&2; break
    fi
    sleep 0.5
  done
  [ "$first" != 0 ] && awk -v a="$t0" -v b="$(date +%s.%N)" -v n="$first" -v w="$1" \
    'BEGIN { printf "   settle before %s: %d mails due, sent in %.1f s\n", w, n, b - a }'
  return 0
}

# BENCH_ONLY="spread one": only these phases (for experiments; the table needs all four)
want() { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]; }
echo "== warm-up (${WARMUP}s a path, not counted)"
for p in event feed spread one; do
  want $p || continue
  "convene_$p" w "$WARMUP"
  case $p in event) bare_event w "$WARMUP" ;; feed) bare_plain w "$WARMUP" ;; spread) bare_spread w "$WARMUP" ;; esac
done
: > "$RESULTS"

PROFILED=${BENCH_PROFILE_PHASE:-event}
JFR="$ROOT/target/bench-$PROFILED.jfr"
# convene_phase round phase: the Convene side of a phase, recorded by JFR in round 1 when asked
convene_phase() {
  if [ "$1" = 1 ] && [ -n "${BENCH_PROFILE:-}" ] && [ "$2" = "$PROFILED" ]; then
    rm -f "$JFR"
    jcmd "$CONVENE" JFR.start name=bench settings="$JFC" filename="$JFR" >/dev/null
    "convene_$2" "$1" "$SECS"
    jcmd "$CONVENE" JFR.stop name=bench >/dev/null
  else
    "convene_$2" "$1" "$SECS"
  fi
}
for r in $(seq 1 "$ROUNDS"); do
  echo "== round $r/$ROUNDS ($(uptime | sed 's/.*load average/load average/'))"
  if want event; then settle event; convene_phase "$r" event; bare_event "$r" "$SECS"; fi
  if want feed; then settle feed; convene_phase "$r" feed; bare_plain "$r" "$SECS"; fi
  if want spread; then settle spread; convene_phase "$r" spread; settle "spread's reference"; bare_spread "$r" "$SECS"; fi
  if want one; then settle one; convene_phase "$r" one; settle pgbench; pgbench_phase "$r"; fi
  awk -v r="$r" '$1 == r { printf "   %-6s %-4s %10.1f req/s  other=%s sockerr=%s flagged=%s  %s\n", $2, $3, $4, $5, $6, $7, $8 }' "$RESULTS"
done

# ---- the table -------------------------------------------------------------------------------
awk -v rounds="$ROUNDS" '
function median(a, n,   i, j, t) {
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ v[$2, $3, $1] = $4; bad[$2, $3] += ($5 < 0 ? 0 : $5) + $6; fl[$2, $3] += $7; if ($5 < 0) broken[$2, $3] = 1 }
END {
  split("event feed spread one", phases, " ")
  name["event"] = "GET /e/{event} (1,000 events)"
  name["feed"] = "group feed answered 304"
  name["spread"] = "RSVP POST spread over 1,000 events"
  name["one"] = "RSVP POST to ONE event"
  ref["event"] = "bare Vert.x: one prepared query + one compiled Handlebars template"
  ref["feed"] = "bare Vert.x plaintext handler"
  ref["spread"] = "bare Vert.x: one guarded INSERT per request"
  ref["one"] = "pgbench single-row guard (bench/pgbench-single-row.sql)"
  goal["event"] = ">= 0.8"; goal["feed"] = ">= 0.8"; goal["spread"] = ">= 1.0"; goal["one"] = ">= 4x"
  want["event"] = 0.8; want["feed"] = 0.8; want["spread"] = 1.0; want["one"] = 4
  expect["event"] = "200"; expect["feed"] = "304"; expect["spread"] = "201"; expect["one"] = "201"
  refexpect["event"] = "200"; refexpect["feed"] = "200"; refexpect["spread"] = "201"; refexpect["one"] = "committed"
  print ""
  printf "== medians of %d rounds (ratio: median of the per-round ratios)\n", rounds
  print "| path | Convene req/s | reference | reference req/s | ratio | goal |"
  print "|---|---:|---|---:|---:|---|"
  for (p = 1; p <= 4; p++) {
    ph = phases[p]; n = 0
    for (r = 1; r <= rounds; r++) {
      c[r] = v[ph, "conv", r] + 0; f[r] = v[ph, "ref", r] + 0
      q[r] = f[r] > 0 ? c[r] / f[r] : 0
    }
    mc = median(c, rounds); mf = median(f, rounds); mq = median(q, rounds)
    mark = mq >= want[ph] ? "" : " (missed)"
    printf "| %s | %.0f | %s | %.0f | %.2f | %s%s |\n", name[ph], mc, ref[ph], mf, mq, goal[ph], mark
  }
  print ""
  errors = 0
  for (p = 1; p <= 4; p++) {
    ph = phases[p]
    for (s = 1; s <= 2; s++) {
      side = s == 1 ? "conv" : "ref"
      e = side == "conv" ? expect[ph] : refexpect[ph]
      who = side == "conv" ? "Convene" : "reference"
      if (broken[ph, side]) { printf "!! ERRORS: %s %s: the load tool failed in some round\n", who, ph; errors++ }
      if (bad[ph, side] > 0) { printf "!! ERRORS: %s %s: %d non-%s answers (or socket errors) over all rounds, not counted as throughput\n", who, ph, bad[ph, side], e; errors++ }
      if (fl[ph, side] > 0) { printf "!! ERRORS: %s %s: %d RSVPs answered waitlisted (the event filled up)\n", who, ph, fl[ph, side]; errors++ }
    }
  }
  if (!errors) print "no errors: every counted answer had the expected status (200 / 304 / 201; pgbench: no failed transactions)"
}' "$RESULTS"

echo "   Convene log: $(grep -c ' ERROR ' "$WORK/convene.log" || true) ERROR lines," \
  "$(grep -c ' WARN ' "$WORK/convene.log" || true) WARN lines; load after: $(uptime | sed 's/.*load average/load average/')"
grep ' ERROR ' "$WORK/convene.log" | cut -c14- | sed 's/^/   | /' | sort | uniq -c | sort -rn | head -5 || true
grep -m1 -A8 ' ERROR ' "$WORK/convene.log" | sed 's/^/   | /' || true

if [ -n "${BENCH_PG_STATS:-}" ]; then
  echo
  echo "== PostgreSQL: Convene's statements by total time (pg_stat_statements, after the seeding)"
  "${PSQL[@]}" -d convene -P pager=off -c "SELECT calls, round(total_exec_time) AS total_ms,
      round((total_exec_time / calls)::numeric, 3) AS mean_ms, rows,
      left(regexp_replace(query, '\s+', ' ', 'g'), 90) AS query
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'convene')
    ORDER BY total_exec_time DESC LIMIT 15"
fi

if [ -n "${BENCH_PROFILE:-}" ] && [ -f "$JFR" ]; then
  echo
  echo "== profile: Convene during round 1's $PROFILED phase ($JFR)"
  java -cp "$CP" org.convene.bench.JfrTop "$JFR" 25
fi
