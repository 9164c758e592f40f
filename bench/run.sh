#!/usr/bin/env bash
# Benchmark of downtime-receiver (see bench/PERFORMANCE.md): builds the jar, starts the service on
# a real PostgreSQL with 100,000 maintenance windows, incidents, verification and one alert channel
# (a local fake Slack), then, in parts that --only can pick:
#   ratio       drives the webhook and the bench profile's trivial endpoint alternately with wrk;
#   fixed-rate  offers --rate distinct failing sites per second for --rate-seconds (BenchLoad);
#   burst       sends --burst notifications as fast as they are answered (BenchLoad);
#   jmh         runs the JMH decision-lookup benchmark;
# checks that every notification answered 200 was committed and every incident opened, samples the
# service's resident memory, and prints each target with PASS or FAIL. Exits 0 when every target
# is met, 2 when one is missed.
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
  --skip-jmh            do not run the JMH lookup benchmark (same as leaving jmh out of --only)
  --only PARTS          comma-separated parts to run: ratio, fixed-rate, burst, jmh (default: all)
  --rate N              failing sites per second offered by the fixed-rate part (default 2000)
  --rate-seconds N      how long the fixed-rate part offers them (default 60)
  --burst N             notifications of the burst part (default 100000)
  --statements          embedded PostgreSQL with pg_stat_statements: statements.txt lists where its
                        time went (adds a little work to each statement)
  --memory-limit SIZE   run the service in a memory cgroup of SIZE (default 512M), as in a container
                        with that limit: the JVM sizes itself (and picks its GC) from the limit, and
                        the kernel kills the service if it outgrows it (needs root and a cgroup
                        memory controller, v1 or v2); reports the cgroup's peak and OOM kills.
                        "none", or a machine without either: the heap is sized with -XX:MaxRAM=512m
                        instead, which leaves the JVM on G1 and the kernel out of it
Environment: BENCH_JAVA_OPTS, JVM options of the service (default: the Dockerfile's
-XX:MaxRAMPercentage=35).
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
PARTS=ratio,fixed-rate,burst,jmh
RATE=2000
RATE_SECONDS=60
BURST=100000
STATEMENTS=false
MEMORY_LIMIT=512M
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
        --only) PARTS=$2; shift 2 ;;
        --rate) RATE=$2; shift 2 ;;
        --rate-seconds) RATE_SECONDS=$2; shift 2 ;;
        --burst) BURST=$2; shift 2 ;;
        --statements) STATEMENTS=true; shift ;;
        --memory-limit) MEMORY_LIMIT=$2; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 64 ;;
    esac
done
for part in ${PARTS//,/ }; do
    case "$part" in
        ratio | fixed-rate | burst | jmh) ;;
        *) echo "unknown part: $part (ratio, fixed-rate, burst, jmh)" >&2; exit 64 ;;
    esac
done
runs() { [[ ",$PARTS," == *",$1,"* ]]; }
runs jmh || JMH=0
# The Dockerfile's options, in a container limited to 512 MiB: a memory cgroup of that size,
# where the JVM sizes its heap from the limit and picks the Serial collector (it takes a machine
# with less than 1,792 MiB for a client), and the kernel kills what outgrows it. Without one, the
# heap is sized with MaxRAM (on a host without a limit the JVM would size it from the host's
# memory, e.g. 8 GB here), but the JVM stays on G1 and nothing enforces the limit.
CGROUP=""
MEMORY_LIMIT_BYTES=0
if [ "$MEMORY_LIMIT" != none ] && [ "$(id -u)" = 0 ]; then
    MEMORY_LIMIT_BYTES=$(numfmt --from=iec "$MEMORY_LIMIT")
    if grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
        CGROUP=/sys/fs/cgroup/downtime-bench-$$
        mkdir "$CGROUP" && echo "$MEMORY_LIMIT_BYTES" >"$CGROUP/memory.max"
    elif [ -d /sys/fs/cgroup/memory ]; then
        CGROUP=/sys/fs/cgroup/memory/downtime-bench-$$
        mkdir "$CGROUP" && echo "$MEMORY_LIMIT_BYTES" >"$CGROUP/memory.limit_in_bytes"
    fi
fi
if [ -n "$CGROUP" ]; then
    JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:MaxRAMPercentage=35}
else
    [ "$MEMORY_LIMIT" = none ] || echo "no memory cgroup (needs root and a cgroup memory controller):" \
        "the heap is sized with -XX:MaxRAM=512m instead" >&2
    MEMORY_LIMIT_BYTES=0
    JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:MaxRAMPercentage=35 -XX:MaxRAM=512m}
fi
# The cgroup's peak memory and the OOM kills in it (v2's names, else v1's).
cgroup_peak() { cat "$CGROUP/memory.peak" 2>/dev/null || cat "$CGROUP/memory.max_usage_in_bytes" 2>/dev/null || echo 0; }
cgroup_oom_kills() {
    { grep -h '^oom_kill ' "$CGROUP/memory.events" "$CGROUP/memory.oom_control" 2>/dev/null || echo 'oom_kill 0'; } \
        | awk '{n += $2} END {print n + 0}'
}

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
SINK_PID=""
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
    if [ -n "$SINK_PID" ]; then
        kill "$SINK_PID" 2>/dev/null || true
        wait "$SINK_PID" 2>/dev/null || true
    fi
    if [ -n "$CGROUP" ]; then
        rmdir "$CGROUP" 2>/dev/null || true
    fi
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
    : >"$OUT/postgres.log"
    java -Dbench.statements="$STATEMENTS" -cp "$CLASSPATH_TEST" dev.downtime.receiver.BenchDatabase $$ >"$OUT/postgres.log" 2>&1 &
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
# The server's processes are its postmaster and that one's children: only those are counted, not
# other PostgreSQL servers on the machine (readable when the server runs here, as this user can).
PG_DATA=$(sql -c "SHOW data_directory")
PG_POSTMASTER=$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)
if [ -z "$PG_POSTMASTER" ]; then
    log "WARNING: cannot read $PG_DATA/postmaster.pid: PostgreSQL's CPU counts every postgres process here"
fi
postgres_pids() {
    if [ -n "$PG_POSTMASTER" ]; then
        echo "$PG_POSTMASTER"
        pgrep -P "$PG_POSTMASTER" || true
    else
        pgrep -x postgres || true
    fi
}

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
TOKEN=bench-$(python3 -c 'import secrets; print(secrets.token_hex(16))')
# The one alert channel: a fake Slack on loopback that answers every alert 200 and counts them.
: >"$OUT/alert-sink.log"
python3 bench/alert_sink.py >"$OUT/alert-sink.log" 2>&1 &
SINK_PID=$!
for _ in $(seq 1 40); do
    SINK_PORT=$(sed -n 's/^ALERT_SINK_PORT=//p' "$OUT/alert-sink.log")
    [ -n "$SINK_PORT" ] && break
    sleep 0.25
done
[ -n "$SINK_PORT" ] || { echo "the fake alert receiver did not start" >&2; exit 1; }
log "Starting the service on port $PORT (JVM options: $JAVA_OPTS)"
# In the memory cgroup, when there is one: the shell joins it, then becomes the JVM.
RUN_IN=()
[ -n "$CGROUP" ] && RUN_IN=(bash -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$CGROUP")
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
"${RUN_IN[@]}" java $JAVA_OPTS -jar "$OUT/service.jar" \
    --spring.profiles.active=bench \
    --server.port="$PORT" \
    --spring.datasource.url="$JDBC_URL" \
    --spring.datasource.username="$JDBC_USER" \
    --spring.datasource.password="$JDBC_PASSWORD" \
    --receiver.admin.tokens="bench:$TOKEN" \
    --receiver.webhook.allow-open=true \
    --receiver.alerts.slack.url="http://127.0.0.1:$SINK_PORT/slack" \
    --receiver.spool.directory="$OUT/data/spool" \
    --receiver.snapshot.directory="$OUT/data/snapshot" \
    >"$OUT/service.log" 2>&1 &
SERVICE_PID=$!

# Health shows its details (window count, spool depth) to admin tokens only.
readiness() { curl -s --max-time 5 -H "Authorization: Bearer $TOKEN" "$BASE/actuator/health/readiness" || true; }
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
TRUNCATE notification, maintenance_window CASCADE;
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
    for pid in $(postgres_pids); do
        t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true)
        postgres=$((postgres + ${t:-0}))
    done
    times >"$OUT/times.txt"
    children=$(awk -v hz="$CLK_TCK" 'NR == 2 {
        split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * hz }' \
        "$OUT/times.txt")
    SNAPSHOT="$machine $service $postgres $children"
}

# Incidents are folded off the request path, and a fold still running when a run ends would
# otherwise be counted in the next one (the trivial endpoint's): the service's and PostgreSQL's CPU
# of a run is counted until no committed batch is left to fold, its idle time only while wrk runs.
fold_drained() {
    local left deadline=$((SECONDS + 60))
    while [ "$SECONDS" -lt "$deadline" ]; do
        left=$(sql -c "SELECT count(*) FROM event_publication
                        WHERE completion_date IS NULL AND listener_id = 'incidents.fold-notifications'")
        [ "$left" = 0 ] && return 0
        sleep 0.1
    done
    log "WARNING: $left committed batches still not folded after 60 s"
}

RUN_ID=0
drive() { # drive <label> <trivial|full> <seconds>
    local path=/webhooks/monitor before ended
    [ "$2" = trivial ] && path=/bench/trivial
    RUN_ID=$((RUN_ID + 1))
    log "wrk $1: $path, $CONNECTIONS connections, $THREADS threads, $3 s"
    cpu_snapshot
    before=$SNAPSHOT
    BENCH_OUT="$OUT/wrk-$1.json" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3"s --latency \
        -s bench/notifications.lua "$BASE$path" -- "$RUN_ID" "$WINDOWS" >"$OUT/wrk-$1.txt"
    cpu_snapshot
    ended=$SNAPSHOT
    fold_drained
    cpu_snapshot
    echo "$before $ended $CLK_TCK $SNAPSHOT" >"$OUT/cpu-$1.txt"
    grep -E 'Requests/sec|Non-2xx|Socket errors' "$OUT/wrk-$1.txt" | sed 's/^/    /'
}

# BenchLoad: a fixed rate of distinct failing sites, or a burst of them; then how long after the
# last answer every one of them had its incident.
load() { # load <label> <BenchLoad options...>
    local label=$1 prefix
    shift
    RUN_ID=$((RUN_ID + 1))
    prefix="$label$(date -u +%H%M%S)"
    java -cp "$CLASSPATH_TEST" dev.downtime.receiver.BenchLoad --url "$BASE/webhooks/monitor" \
        --prefix "$prefix" --rss-pid "$SERVICE_PID" --out "$OUT/load-$label.json" "$@"
    local ok last_ms incidents=-1 waited_ms=-1
    ok=$(json_field 'd["ok"]' <"$OUT/load-$label.json")
    last_ms=$(json_field 'd["last_answer_ms"]' <"$OUT/load-$label.json")
    # Counting the incidents scans them (76 ms at 100,000): polled, it would slow the fold it waits
    # for. The fold's backlog is cheap to poll; the incidents are counted once it is empty.
    local deadline=$((SECONDS + 600))
    while [ "$SECONDS" -lt "$deadline" ]; do
        if [ "$(sql -c "SELECT count(*) FROM event_publication
                         WHERE completion_date IS NULL AND listener_id = 'incidents.fold-notifications'")" = 0 ]; then
            waited_ms=$(($(date +%s%3N) - last_ms))
            incidents=$(sql -c "SELECT count(*) FROM incident
                                 WHERE normalized_url LIKE 'https://$prefix-%' AND closed_at IS NULL")
            [ "$incidents" -ge "$ok" ] && break
            waited_ms=-1
        fi
        sleep 0.2
    done
    python3 - "$OUT/load-$label.json" "$incidents" "$waited_ms" "$(sql -c "SELECT count(*) FROM notification
                                                                           WHERE raw_url LIKE 'https://$prefix-%'")" <<'PY'
import json, sys
path, incidents, waited_ms, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
d = json.load(open(path))
d.update(incidents=incidents, incidents_complete_after_ms=waited_ms, rows=rows)
json.dump(d, open(path, "w"))
PY
    log "  $ok of $(json_field 'd["requests"]' <"$OUT/load-$label.json") answered 200," \
        "p99 $(json_field 'd["p99_us"] / 1000' <"$OUT/load-$label.json") ms; $incidents incidents," \
        "the last $waited_ms ms after the last answer"
}

if runs ratio || runs fixed-rate; then
    if [ "$WARMUP" -gt 0 ]; then
        runs ratio && drive warmup-trivial trivial "$WARMUP"
        drive warmup-full full "$WARMUP"
    fi
fi
if runs ratio; then
    for round in $(seq 1 "$ROUNDS"); do
        # Alternated, so that whatever else the machine does hits both endpoints alike.
        drive "round$round-trivial" trivial "$DURATION"
        drive "round$round-full" full "$DURATION"
    done
fi
if runs fixed-rate; then
    log "Fixed rate: $RATE distinct failing sites per second for $RATE_SECONDS s"
    fold_drained
    load fixed-rate --rate "$RATE" --seconds "$RATE_SECONDS" --connections "$CONNECTIONS"
fi
if runs burst; then
    log "Burst: $BURST notifications of distinct failing sites, $CONNECTIONS connections"
    fold_drained
    load burst --total "$BURST" --connections "$CONNECTIONS"
fi
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
# Rows written, updated and deleted per table, and WAL written: where PostgreSQL's work went.
sql -c "SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables
         WHERE n_tup_ins + n_tup_upd + n_tup_del > 0 ORDER BY n_tup_ins + n_tup_upd + n_tup_del DESC" \
    >"$OUT/tables.txt"
sql -c "SELECT wal_records, wal_fpi, wal_bytes FROM pg_stat_wal" >"$OUT/wal.txt"
if [ "$STATEMENTS" = true ]; then
    sql -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
    sql -F ' | ' -c "SELECT round(total_exec_time)::bigint AS ms, calls, rows, wal_fpi, round(wal_bytes / 1048576) AS wal_mib,
                              shared_blks_read AS blks_read, shared_blks_written AS blks_written, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
                       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 40" >"$OUT/statements.txt"
fi
ALERTS_RECEIVED=$(curl -s --max-time 5 "http://127.0.0.1:$SINK_PORT/" || echo 0)
MEMORY_PEAK_BYTES=0
OOM_KILLS=0
if [ -n "$CGROUP" ]; then
    MEMORY_PEAK_BYTES=$(cgroup_peak)
    OOM_KILLS=$(cgroup_oom_kills)
fi
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
 "sanity_posts": $SANITY, "rss_idle_kb": ${RSS_IDLE_KB:-0}, "jmh": $JMH, "parts": "$PARTS",
 "rate": $RATE, "rate_seconds": $RATE_SECONDS, "burst": $BURST,
 "alerts_received": ${ALERTS_RECEIVED:-0}, "load": "$(uptime | sed 's/.*load average: //')",
 "memory_limit_bytes": $MEMORY_LIMIT_BYTES, "memory_peak_bytes": $MEMORY_PEAK_BYTES, "oom_kills": $OOM_KILLS}
EOF
log "Results in $OUT"
python3 bench/summarize.py "$OUT"
