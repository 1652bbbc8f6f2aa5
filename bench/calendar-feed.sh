#!/usr/bin/env bash
# Times a 5,000-event group feed: render, full GET, cached GET, 304. Local only (embedded
# PostgreSQL and a server on a free localhost port). Usage: bench/calendar-feed.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
exec java -Xmx2g -cp "target/bench-classes:target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.convene.calendar.CalendarFeedBenchmark "$@"
