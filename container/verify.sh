#!/usr/bin/env bash
# container/verify.sh: tries docker-compose.yml and the image as a partner would, and checks what
# unit tests cannot: the compose file's required settings, the generated admin token file, the
# access log in the container, health without and with a token, and how long the admin API fails
# after PostgreSQL restarts on a new address (the JVM's DNS cache).
#
# Usage: container/verify.sh [--control]
#   COMPOSE    the compose command (default: podman-compose; "docker compose" works too)
#   PROJECT    compose project name (default: dr-verify); PORT the host port (default: 18080)
#   --control  also run the receiver with the JDK's own DNS cache times (30 s, 10 s for failures)
#              and measure the same restart, to compare
# It works on a copy of the build context in a temporary directory (never on your .env), tags the
# image localhost/$PROJECT-receiver:verify instead of downtime-receiver:0.1.0, and ends with
# `down -v`. With podman-compose, pass base images that cannot be pulled as --podman-build-args
# through BUILD_ARGS (default: --pull=never); podman without systemd runs no periodic healthchecks,
# so they are run by hand here.
set -euo pipefail

COMPOSE=${COMPOSE:-podman-compose}
PROJECT=${PROJECT:-dr-verify}
PORT=${PORT:-18080}
BUILD_ARGS=${BUILD_ARGS:---pull=never}
CONTROL=false
[ "${1:-}" = --control ] && CONTROL=true
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
BASE=http://127.0.0.1:$PORT
WEBHOOK_TOKEN=verifyWebhookToken0123456789
FAILED=0

log() { printf '==> %s\n' "$*"; }
check() { # check DESCRIPTION COMMAND...: prints PASS or FAIL
    if "${@:2}"; then printf 'PASS  %s\n' "$1"; else printf 'FAIL  %s\n' "$1"; FAILED=1; fi
}
if [ "$COMPOSE" = podman-compose ]; then ENGINE=podman; GLOBAL=(--podman-build-args="$BUILD_ARGS"); else ENGINE=docker; GLOBAL=(); fi
compose() { (cd "$WORK" && $COMPOSE -p "$PROJECT" "${GLOBAL[@]}" "$@"); }
container() { $ENGINE ps -a --format '{{.Names}}' | grep -E "^${PROJECT}[_-]$1[_-]1$" | head -1; }
cleanup() {
    compose down -v > /dev/null 2>&1 || true
    # podman-compose 1.0.3 leaves the project's network behind.
    [ "$ENGINE" = podman ] && podman network rm -f "${PROJECT}_default" > /dev/null 2>&1
    $ENGINE rmi "localhost/$PROJECT-receiver:verify" > /dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

cp -r "$ROOT/pom.xml" "$ROOT/.mvn" "$ROOT/src" "$ROOT/Dockerfile" "$ROOT/docker-compose.yml" "$ROOT/.dockerignore" "$WORK/"
sed -i "s|image: downtime-receiver:0.1.0|image: localhost/$PROJECT-receiver:verify|" "$WORK/docker-compose.yml"

log "Required settings"
out=$(compose ps 2>&1) && rc=0 || rc=$?
check "no .env: compose refuses, naming POSTGRES_PASSWORD" \
    test "$rc" -ne 0 -a -n "$(grep -o 'set POSTGRES_PASSWORD' <<<"$out")"
echo "POSTGRES_PASSWORD=$(openssl rand -hex 16)" > "$WORK/.env"
out=$(compose ps 2>&1) && rc=0 || rc=$?
check "no RECEIVER_WEBHOOK_TOKENS: compose refuses, saying to set it or an allowlist" \
    test "$rc" -ne 0 -a -n "$(grep -o 'set RECEIVER_WEBHOOK_TOKENS in .env.*ALLOWED_ADDRESSES' <<<"$out")"

log "RECEIVER_WEBHOOK_TOKENS set but empty, no allowlist: the receiver refuses to start"
{ echo "RECEIVER_WEBHOOK_TOKENS="; echo "RECEIVER_PUBLISHED_PORT=$PORT"; } >> "$WORK/.env"
compose up -d --build > "$WORK/up.log" 2>&1 || { tail -30 "$WORK/up.log"; exit 1; }
RECEIVER=$(container receiver)
POSTGRES=$(container postgres)
for _ in $(seq 1 60); do
    $ENGINE logs "$RECEIVER" 2>&1 | grep -q "APPLICATION FAILED TO START" && break
    sleep 1
done
check "open webhook: APPLICATION FAILED TO START, 'The webhook would be open to anyone'" \
    bash -c "$ENGINE logs $RECEIVER 2>&1 | grep -q 'The webhook would be open to anyone'"
compose down > /dev/null 2>&1

log "Up with a webhook token and the access log on, no admin token configured"
sed -i "s|^RECEIVER_WEBHOOK_TOKENS=.*|RECEIVER_WEBHOOK_TOKENS=$WEBHOOK_TOKEN|" "$WORK/.env"
echo "RECEIVER_ACCESS_LOG_ENABLED=true" >> "$WORK/.env"
compose up -d > "$WORK/up.log" 2>&1 || { tail -30 "$WORK/up.log"; exit 1; }
RECEIVER=$(container receiver)
POSTGRES=$(container postgres)
healthy() { # healthy CONTAINER: runs its HEALTHCHECK (podman has no timer without systemd)
    if [ "$ENGINE" = podman ]; then podman healthcheck run "$1" > /dev/null 2>&1
    else [ "$(docker inspect -f '{{.State.Health.Status}}' "$1")" = healthy ]; fi
}
for _ in $(seq 1 90); do healthy "$RECEIVER" && break; sleep 1; done
check "receiver healthy (readiness healthcheck)" healthy "$RECEIVER"
check "webhook on the token path answers ok" \
    test "$(curl -s -X POST "$BASE/webhooks/monitor/$WEBHOOK_TOKEN" -d '{"url":"example.com","code":503}')" = ok
check "plain webhook path answers 404" \
    test "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/webhooks/monitor" -d '{"url":"example.com","code":503}')" = 404
TOKEN=$($ENGINE exec "$RECEIVER" cat /app/data/admin-token)
check "generated admin token in /app/data/admin-token, mode 600, owned by the service's user" \
    test "$($ENGINE exec "$RECEIVER" stat -c '%a %u' /app/data/admin-token)" = "600 10001"
check "generated admin token opens the admin API" \
    test "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/maintenance-windows" -H "Authorization: Bearer $TOKEN")" = 200
check "generated admin token is not in the container's log" \
    bash -c "! $ENGINE logs $RECEIVER 2>&1 | grep -qF '$TOKEN'"
check "access log written under /app/data/logs, token masked" \
    bash -c "$ENGINE exec $RECEIVER sh -c 'cat /app/data/logs/access.*.log' | grep -q 'POST /webhooks/monitor/\*\*\*\* HTTP/1.1\" 200'"
check "anonymous readiness shows the status only" \
    test "$(curl -s "$BASE/actuator/health/readiness")" = '{"status":"UP"}'
check "readiness with the admin token shows the details" \
    bash -c "curl -s $BASE/actuator/health/readiness -H 'Authorization: Bearer $TOKEN' | grep -q spoolDepth"

log "The contract check through the image (docs/contract-check.md)"
IMAGE=localhost/$PROJECT-receiver:verify
check "check through the image: the receiver follows the contract (exit 0)" \
    $ENGINE run --rm --network host "$IMAGE" check "$BASE/webhooks/monitor/$WEBHOOK_TOKEN"
check "check through the image: an endpoint that is not a receiver fails it (exit 1)" \
    bash -c "$ENGINE run --rm --network host $IMAGE check $BASE/webhooks/monitor > /dev/null; test \$? = 1"

# Restarts PostgreSQL (podman gives it a new address) and measures how long the admin API, which
# reads PostgreSQL, answers anything but 200 from the moment PostgreSQL accepts connections again.
measure_restart() {
    local address before after ready code failures=0 since
    address() { $ENGINE inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$POSTGRES"; }
    before=$(address)
    $ENGINE restart "$POSTGRES" > /dev/null 2>&1
    after=$(address)
    for _ in $(seq 1 300); do
        $ENGINE exec "$POSTGRES" pg_isready -q -U downtime_receiver -d downtime_receiver && break
        sleep 0.1
    done
    ready=$(date +%s.%N)
    for _ in $(seq 1 600); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/api/v1/maintenance-windows" \
            -H "Authorization: Bearer $TOKEN")
        [ "$code" = 200 ] && break
        failures=$((failures + 1))
        sleep 0.2
    done
    since=$(echo "$(date +%s.%N) - $ready" | bc)
    printf 'PostgreSQL %s -> %s; admin API answered 200 %.1f s after PostgreSQL was ready (%d failed tries before)\n' \
        "$before" "$after" "$since" "$failures"
    RESTART_SECONDS=$since
}
log "PostgreSQL restarted on a new address"
measure_restart
check "admin API back within 3 s of PostgreSQL" test "$(echo "$RESTART_SECONDS < 3" | bc)" = 1

if $CONTROL; then
    log "Control: the same with the JDK's own DNS cache times (-Dsun.net.inetaddr.ttl=30, negative 10)"
    echo "JAVA_TOOL_OPTIONS=-Dsun.net.inetaddr.ttl=30 -Dsun.net.inetaddr.negative.ttl=10" >> "$WORK/.env"
    compose down > /dev/null 2>&1
    compose up -d > "$WORK/up.log" 2>&1 || { tail -30 "$WORK/up.log"; exit 1; }
    RECEIVER=$(container receiver)
    POSTGRES=$(container postgres)
    for _ in $(seq 1 90); do healthy "$RECEIVER" && break; sleep 1; done
    TOKEN=$($ENGINE exec "$RECEIVER" cat /app/data/admin-token)
    curl -s -o /dev/null "$BASE/api/v1/maintenance-windows" -H "Authorization: Bearer $TOKEN"
    measure_restart
fi

[ "$FAILED" = 0 ] && log "all checks passed" || { log "some checks FAILED"; exit 1; }
