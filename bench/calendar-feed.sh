#!/usr/bin/env bash
# Group feeds of 5,000 and 10,000 events: render, full GET, memory, ratio 10k/5k (<= 2.2),
# cached GET, 304, under a 256 MB heap. Local only (embedded
# PostgreSQL and a server on a free localhost port). Usage: bench/calendar-feed.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
exec java -Xmx256m -cp "target/bench-classes:target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.convene.calendar.CalendarFeedBenchmark "$@"
