#!/usr/bin/env bash
# Benchmark of downtime-receiver (see bench/PERFORMANCE.md): builds the jar, starts the service on
# a real PostgreSQL with 100,000 maintenance windows, drives the webhook and the bench profile's
# trivial endpoint alternately with wrk, checks that every notification answered 200 was committed,
# samples the service's resident memory, runs the JMH decision-lookup benchmark, and prints each
# target with PASS or FAIL. Exits 0 when every target is met, 2 when one is missed.
#
# Needs JDK 25, Maven, wrk, psql, curl and python3. Only loopback addresses are loaded.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    cat <<'EOF'
Usage: bench/run.sh [options]
  --jdbc-url URL        PostgreSQL to use (a scratch database: its notification and
                        maintenance_window tables are emptied); default: embedded PostgreSQL
  --jdbc-user USER      its user (default postgres)
  --jdbc-password PASS  its password (default empty)
  --duration SECONDS    length of each measured wrk run (default 15)
  --rounds N            rounds of (trivial, full) measured runs (default 3)
  --warmup SECONDS      unmeasured run of each endpoint first (default 30)
  --connections N       wrk connections (default 64)
  --threads N           wrk threads (default 2)
  --windows N           maintenance windows loaded (default 100000)
  --skip-build          use the jar and test classes already in target/
  --skip-jmh            do not run the JMH lookup benchmark
Environment: BENCH_JAVA_OPTS, JVM options of the service (default: the Dockerfile's
-XX:MaxRAMPercentage=75 in a 512 MiB container, i.e. with -XX:MaxRAM=512m).
EOF
}

JDBC_URL=""
JDBC_USER=postgres
JDBC_PASSWORD=""
DURATION=15
ROUNDS=3
WARMUP=30
CONNECTIONS=64
THREADS=2
WINDOWS=100000
BUILD=1
JMH=1
while [ $# -gt 0 ]; do
    case "$1" in
        --jdbc-url) JDBC_URL=$2; shift 2 ;;
        --jdbc-user) JDBC_USER=$2; shift 2 ;;
        --jdbc-password) JDBC_PASSWORD=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        --windows) WINDOWS=$2; shift 2 ;;
        --skip-build) BUILD=0; shift ;;
        --skip-jmh) JMH=0; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 64 ;;
    esac
done
# The Dockerfile's options, sized as in a container limited to 512 MiB: on a host without a limit
# the JVM sizes its heap from the host's memory instead, e.g. 18 GB here.
JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:MaxRAMPercentage=75 -XX:MaxRAM=512m}

if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && [ -z "${JAVA_HOME:-}" ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [ -n "${JAVA_HOME:-}" ]; then
    export PATH="$JAVA_HOME/bin:$PATH"
fi
for tool in java mvn wrk psql curl python3; do
    command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool on the PATH" >&2; exit 69; }
done

OUT=target/bench/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
log() { printf '[%s] %s\n' "$(date -u +%T)" "$*"; }

SERVICE_PID=""
DB_PID=""
SAMPLER_PID=""
stop_service() {
    if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        kill -TERM "$SERVICE_PID"
        for _ in $(seq 1 60); do
            kill -0 "$SERVICE_PID" 2>/dev/null || break
            sleep 0.5
        done
        kill -0 "$SERVICE_PID" 2>/dev/null && kill -KILL "$SERVICE_PID"
        wait "$SERVICE_PID" 2>/dev/null || true
    fi
    SERVICE_PID=""
}
stop_database() {
    if [ -n "$DB_PID" ] && kill -0 "$DB_PID" 2>/dev/null; then
        kill -TERM "$DB_PID" # its shutdown hook stops PostgreSQL and deletes the data
        wait "$DB_PID" 2>/dev/null || true
    fi
    DB_PID=""
}
cleanup() {
    if [ -n "$SAMPLER_PID" ]; then
        kill "$SAMPLER_PID" 2>/dev/null || true
        wait "$SAMPLER_PID" 2>/dev/null || true
    fi
    stop_service
    stop_database
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JAR=target/downtime-receiver-0.1.0-SNAPSHOT.jar
if [ "$BUILD" = 1 ]; then
    log "Building the jar and the test classes (JMH, embedded PostgreSQL launcher)"
    mvn -q -B -DskipTests -Dspotless.check.skip=true package
fi
if [ "$BUILD" = 1 ] || [ ! -s target/bench-classpath.txt ]; then
    mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
fi
# This run's own copies, so that a build in the same tree meanwhile cannot change them under it.
cp "$JAR" "$OUT/service.jar"
cp -r target/classes "$OUT/classes"
cp -r target/test-classes "$OUT/test-classes"
CLASSPATH_TEST="$OUT/test-classes:$OUT/classes:$(cat target/bench-classpath.txt)"

# PostgreSQL: the one given, or embedded binaries on a fresh data directory.
if [ -z "$JDBC_URL" ]; then
    log "Starting embedded PostgreSQL"
    java -cp "$CLASSPATH_TEST" dev.downtime.receiver.BenchDatabase $$ >"$OUT/postgres.log" 2>&1 &
    DB_PID=$!
    for _ in $(seq 1 240); do
        JDBC_URL=$(sed -n 's/^BENCH_JDBC_URL=//p' "$OUT/postgres.log")
        [ -n "$JDBC_URL" ] && break
        kill -0 "$DB_PID" 2>/dev/null || { cat "$OUT/postgres.log" >&2; exit 1; }
        sleep 0.5
    done
    [ -n "$JDBC_URL" ] || { echo "embedded PostgreSQL did not start" >&2; exit 1; }
    JDBC_USER=postgres
    JDBC_PASSWORD=""
    DB_SOURCE="embedded PostgreSQL"
else
    DB_SOURCE="$JDBC_URL"
fi
PSQL_URI=${JDBC_URL#jdbc:}
PSQL_URI=${PSQL_URI%%\?*}
export PGUSER=$JDBC_USER PGPASSWORD=$JDBC_PASSWORD
sql() { psql -X -q -v ON_ERROR_STOP=1 -At -d "$PSQL_URI" "$@"; }
PG_VERSION=$(sql -c "SHOW server_version")
PG_SYNC=$(sql -c "SHOW synchronous_commit")
PG_FSYNC=$(sql -c "SHOW fsync")
log "PostgreSQL $PG_VERSION at $JDBC_URL (synchronous_commit=$PG_SYNC, fsync=$PG_FSYNC)"

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
TOKEN=bench-$(python3 -c 'import secrets; print(secrets.token_hex(16))')
log "Starting the service on port $PORT (JVM options: $JAVA_OPTS)"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
java $JAVA_OPTS -jar "$OUT/service.jar" \
    --spring.profiles.active=bench \
    --server.port="$PORT" \
    --spring.datasource.url="$JDBC_URL" \
    --spring.datasource.username="$JDBC_USER" \
    --spring.datasource.password="$JDBC_PASSWORD" \
    --receiver.admin.tokens="bench:$TOKEN" \
    --receiver.webhook.allow-open=true \
    --receiver.spool.directory="$OUT/data/spool" \
    --receiver.snapshot.directory="$OUT/data/snapshot" \
    >"$OUT/service.log" 2>&1 &
SERVICE_PID=$!

readiness() { curl -s --max-time 5 "$BASE/actuator/health/readiness" || true; }
json_field() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)" 2>/dev/null || true; }
for _ in $(seq 1 240); do
    [ "$(readiness | json_field 'd["status"]')" = UP ] && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -50 "$OUT/service.log" >&2; exit 1; }
    sleep 0.5
done
[ "$(readiness | json_field 'd["status"]')" = UP ] || { echo "service not ready (UP)" >&2; readiness >&2; exit 1; }

log "Loading $WINDOWS maintenance windows (url, domain, *.domain and host scopes)"
# Window i: scope by i % 20 (9 url, 7 domain, 3 wildcard, 1 host in each 20); upcoming in two
# days when i % 10 = 7, else active since an hour ago for a day or so. notifications.lua and
# DecisionLookupBenchmark build the same schedule.
sql <<EOF
TRUNCATE notification, maintenance_window;
INSERT INTO maintenance_window (id, scope, target, starts_at, ends_at, reason, created_by, created_at, updated_at)
SELECT gen_random_uuid(),
       CASE k WHEN 'u' THEN 'url' WHEN 'h' THEN 'host' ELSE 'domain' END,
       CASE k WHEN 'u' THEN 'https://u' || i || '.bench.test/page/' || i
              WHEN 'd' THEN 'd' || i || '.bench.test'
              WHEN 'w' THEN '*.w' || i || '.bench.test'
              ELSE 'pool-' || i END,
       CASE WHEN i % 10 = 7 THEN now() + interval '2 days' ELSE now() - interval '1 hour' END,
       CASE WHEN i % 10 = 7 THEN now() + interval '3 days'
            ELSE now() + interval '1 day' + (i % 3600) * interval '1 second' END,
       'bench/run.sh', 'bench', now(), now()
  FROM (SELECT i, substr('udwudhudwududuwududu', i % 20 + 1, 1) AS k
          FROM generate_series(0, $WINDOWS - 1) AS i) AS w;
ANALYZE maintenance_window;
EOF
for _ in $(seq 1 120); do
    [ "$(readiness | json_field 'd["components"]["receiver"]["details"]["windows"]["count"]')" = "$WINDOWS" ] && break
    sleep 0.5
done
LOADED=$(readiness | json_field 'd["components"]["receiver"]["details"]["windows"]["count"]')
[ "$LOADED" = "$WINDOWS" ] || { echo "the service holds $LOADED windows, not $WINDOWS" >&2; exit 1; }
log "The service holds $LOADED windows"

# A few answers checked by hand: one per scope, a miss, a recovery, and the trivial endpoint.
SANITY=0
expect() { # expect <path> <body> <ok|time>
    local answer
    answer=$(curl -s --max-time 5 -X POST "$BASE$1" -H 'Content-Type: application/json' -d "$2")
    case "$3" in
        ok) [ "$answer" = ok ] ;;
        time) [[ "$answer" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]] ;;
    esac || { echo "POST $1 $2 answered '$answer', expected $3" >&2; exit 1; }
    [ "$1" = /webhooks/monitor ] && SANITY=$((SANITY + 1))
    return 0
}
expect /webhooks/monitor '{"url":"https:\/\/u0.bench.test\/page\/0\/","code":503,"host":"bench-host","type":"http"}' time
expect /webhooks/monitor '{"url":"http:\/\/d1.bench.test\/x","code":0,"host":"bench-host","type":"http"}' time
expect /webhooks/monitor '{"url":"https:\/\/a.b.w2.bench.test","code":502,"host":"bench-host","type":"http"}' time
expect /webhooks/monitor '{"url":"https:\/\/c.customers.test","code":500,"host":"pool-5","type":"http"}' time
expect /webhooks/monitor '{"url":"https:\/\/w2.bench.test","code":503,"host":"bench-host","type":"http"}' ok
expect /webhooks/monitor '{"url":"http:\/\/d7.bench.test","code":503,"host":"bench-host","type":"http"}' ok
expect /webhooks/monitor '{"url":"http:\/\/d1.bench.test","code":200,"host":"bench-host","type":"http"}' ok
expect /bench/trivial '{"url":"http:\/\/d1.bench.test","code":503,"host":"bench-host","type":"http"}' ok
bench/inventory.sh --base-url "$BASE" --token "$TOKEN" --out "$OUT/inventory" --classpath "$CLASSPATH_TEST" $([ "$JMH" = 1 ] || echo --skip-jmh)

# Resident memory of the service, sampled while it is under load.
(
    while kill -0 "$SERVICE_PID" 2>/dev/null; do
        awk '/^VmRSS/ {print $2}' "/proc/$SERVICE_PID/status" 2>/dev/null || true
        sleep 0.5
    done
) >"$OUT/rss-kb.txt" &
SAMPLER_PID=$!

# CPU time (clock ticks) of the machine, the service, PostgreSQL's processes and this script's
# finished children (wrk), to tell where each run's CPU went and how much other processes took.
CLK_TCK=$(getconf CLK_TCK)
cpu_snapshot() { # sets SNAPSHOT; not in a subshell, which would not see this shell's children
    local machine service postgres=0 children pid t
    machine=$(awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6; exit}' /proc/stat)
    service=$(awk '{print $14 + $15}' "/proc/$SERVICE_PID/stat")
    for pid in $(pgrep -x postgres); do
        t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true)
        postgres=$((postgres + ${t:-0}))
    done
    times >"$OUT/times.txt"
    children=$(awk -v hz="$CLK_TCK" 'NR == 2 {
        split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * hz }' \
        "$OUT/times.txt")
    SNAPSHOT="$machine $service $postgres $children"
}

RUN_ID=0
drive() { # drive <label> <trivial|full> <seconds>
    local path=/webhooks/monitor before
    [ "$2" = trivial ] && path=/bench/trivial
    RUN_ID=$((RUN_ID + 1))
    log "wrk $1: $path, $CONNECTIONS connections, $THREADS threads, $3 s"
    cpu_snapshot
    before=$SNAPSHOT
    BENCH_OUT="$OUT/wrk-$1.json" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3"s --latency \
        -s bench/notifications.lua "$BASE$path" -- "$RUN_ID" "$WINDOWS" >"$OUT/wrk-$1.txt"
    cpu_snapshot
    echo "$before $SNAPSHOT $CLK_TCK" >"$OUT/cpu-$1.txt"
    grep -E 'Requests/sec|Non-2xx|Socket errors' "$OUT/wrk-$1.txt" | sed 's/^/    /'
}
if [ "$WARMUP" -gt 0 ]; then
    drive warmup-trivial trivial "$WARMUP"
    drive warmup-full full "$WARMUP"
fi
for round in $(seq 1 "$ROUNDS"); do
    # Alternated, so that whatever else the machine does hits both endpoints alike.
    drive "round$round-trivial" trivial "$DURATION"
    drive "round$round-full" full "$DURATION"
done
kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
RSS_IDLE_KB=$(awk '/^VmRSS/ {print $2}' "/proc/$SERVICE_PID/status")

# Requests wrk gave up on when its time was up may still be answered: wait until every one is.
log "Waiting for the last notifications to be committed"
previous=-1
for _ in $(seq 1 60); do
    rows=$(sql -c "SELECT count(*) FROM notification")
    spool=$(readiness | json_field 'd["components"]["receiver"]["details"]["spoolDepth"]')
    [ "$rows" = "$previous" ] && [ "$spool" = 0 ] && break
    previous=$rows
    sleep 1
done
curl -s --max-time 10 "$BASE/actuator/prometheus" >"$OUT/prometheus.txt"
sql -F ' ' -c "SELECT count(*),
                      count(*) FILTER (WHERE reply <> 'ok'),
                      count(*) FILTER (WHERE reply <> 'ok' AND host LIKE 'pool-%'),
                      count(*) FILTER (WHERE code BETWEEN 200 AND 299),
                      count(DISTINCT raw_url)
                 FROM notification" >"$OUT/rows.txt"
readiness >"$OUT/readiness.json"
stop_service
stop_database

if [ "$JMH" = 1 ]; then
    log "JMH: DecisionLookupBenchmark with 10, 10,000 and 1,000,000 windows"
    java -cp "$CLASSPATH_TEST" org.openjdk.jmh.Main DecisionLookupBenchmark \
        -f 1 -wi 5 -i 5 -w 1s -r 1s -rf json -rff "$OUT/jmh.json" >"$OUT/jmh.txt" 2>&1
    grep -A4 '^Benchmark' "$OUT/jmh.txt" | sed 's/^/    /'
fi

cat >"$OUT/run.json" <<EOF
{"database": "$DB_SOURCE", "postgres_version": "$PG_VERSION", "synchronous_commit": "$PG_SYNC",
 "fsync": "$PG_FSYNC", "java_opts": "$JAVA_OPTS", "windows": $WINDOWS, "connections": $CONNECTIONS,
 "threads": $THREADS, "duration_s": $DURATION, "rounds": $ROUNDS, "warmup_s": $WARMUP,
 "sanity_posts": $SANITY, "rss_idle_kb": ${RSS_IDLE_KB:-0}, "jmh": $JMH}
EOF
log "Results in $OUT"
python3 bench/summarize.py "$OUT"
