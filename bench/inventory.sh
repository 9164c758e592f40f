#!/usr/bin/env bash
# The site inventory's share of the benchmark (bench/PERFORMANCE.md, "Site inventory"): times an
# upload of 10,000 sites with four labels to a running service (PUT /api/v1/sites, CSV), the same
# upload again (nothing changes), a dry run with a tenth of the sites moved to other servers, then
# empties the inventory again (prune); and runs the JMH SelectorDecisionBenchmark (the decision at
# 100,000 sites x 1,000 selector windows). bench/run.sh calls it with its service running.
#
# Needs curl and python3 (and java for JMH).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    cat <<'USAGE'
Usage: bench/inventory.sh --base-url URL --token TOKEN [options]
  --base-url URL     the running service, e.g. http://127.0.0.1:8080
  --token TOKEN      an admin (or editor) token
  --sites N          sites uploaded (default 10000)
  --out DIR          where to keep the results (default target/bench/inventory-<UTC time>)
  --classpath CP     test classpath for JMH (default: target/test-classes, target/classes and
                     target/bench-classpath.txt)
  --skip-jmh         do not run SelectorDecisionBenchmark
USAGE
}

BASE=""
TOKEN=""
SITES=10000
OUT=""
CLASSPATH_TEST=""
JMH=1
while [ $# -gt 0 ]; do
    case "$1" in
        --base-url) BASE=$2; shift 2 ;;
        --token) TOKEN=$2; shift 2 ;;
        --sites) SITES=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --classpath) CLASSPATH_TEST=$2; shift 2 ;;
        --skip-jmh) JMH=0; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 64 ;;
    esac
done
[ -n "$BASE" ] && [ -n "$TOKEN" ] || { usage >&2; exit 64; }
OUT=${OUT:-target/bench/inventory-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
log() { printf '[%s] %s\n' "$(date -u +%T)" "$*"; }

# Sites as a host has them: 100 per server, servers in 20 clusters, three sites per customer.
csv() { # csv <file> <server offset for every tenth site>
    python3 - "$SITES" "$2" >"$1" <<'PY'
import sys
sites, moved = int(sys.argv[1]), int(sys.argv[2])
plans = ["basic", "business", "business", "vip"]
print("url,host,server,cluster,customer,plan")
for i in range(sites):
    server = (i % 1000 + (moved if i % 10 == 0 else 0)) % 1000
    print(f"https://s{i}.customers.test,pool-{i % 8},web-{server},eu-{server % 20},{i // 3},{plans[i % 4]}")
PY
}
csv "$OUT/sites.csv" 0
csv "$OUT/sites-moved.csv" 1
printf 'url\n' >"$OUT/empty.csv"

upload() { # upload <label> <file> <query>; prints the seconds the request took
    local status
    status=$(curl -s -o "$OUT/upload-$1.json" -w '%{http_code} %{time_total}' -X PUT "$BASE/api/v1/sites$3" \
        -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' --data-binary "@$2")
    [ "${status%% *}" = 200 ] || { echo "upload $1 answered ${status%% *}" >&2; cat "$OUT/upload-$1.json" >&2; exit 1; }
    log "  $1: ${status#* } s ($(wc -c <"$2") bytes)"
    echo "\"$1\": ${status#* }," >>"$OUT/inventory.json.part"
}
log "Site inventory: uploads of $SITES sites with four labels"
: >"$OUT/inventory.json.part"
upload first "$OUT/sites.csv" ""
upload again "$OUT/sites.csv" ""
upload dry-run-moved "$OUT/sites-moved.csv" "?dryRun=true"
upload prune-all "$OUT/empty.csv" "?prune=true"
{ echo "{\"sites\": $SITES,"; cat "$OUT/inventory.json.part"; echo "\"jmh\": $JMH}"; } >"$OUT/inventory.json"
rm "$OUT/inventory.json.part"

if [ "$JMH" = 1 ]; then
    if [ -z "$CLASSPATH_TEST" ]; then
        CLASSPATH_TEST="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
    fi
    log "JMH: SelectorDecisionBenchmark, 100,000 sites x 1,000 selector windows (+ 10,000 others)"
    java -cp "$CLASSPATH_TEST" org.openjdk.jmh.Main SelectorDecisionBenchmark \
        -f 1 -wi 5 -i 5 -w 1s -r 1s -rf json -rff "$OUT/jmh-selector.json" >"$OUT/jmh-selector.txt" 2>&1
    grep -A2 '^Benchmark' "$OUT/jmh-selector.txt" | sed 's/^/    /'
fi
