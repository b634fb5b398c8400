#!/usr/bin/env bash
# Load test of the check-in POST against PostgreSQL, with a bare Fiber+GORM insert as
# the yardstick in the same run. Prints requests/s, latency and the ratio, and checks
# that the visits stored equal the check-ins accepted. hey sends a fixed number of
# requests, so every request sent is answered and counted.
#
#   bench/load/checkin.sh                    # 100,000 requests per target, 64 at a time
#   REQUESTS=200000 CONNS=64 VISITS=55000 bench/load/checkin.sh
#
# Needs: PostgreSQL on 127.0.0.1:5432 (trust auth, user root), hey, curl, psql
# (Debian packages hey, curl, postgresql-client).
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS=${REQUESTS:-100000}
CONNS=${CONNS:-64}
VISITS=${VISITS:-55000}
DB=onshuis_load
PGURL="postgres://root@127.0.0.1:5432/$DB?sslmode=disable"
APP=127.0.0.1:3111
BARE=127.0.0.1:3112
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

psql -h 127.0.0.1 -U root -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
CGO_ENABLED=0 go build -o "$work/onshuis" . 
CGO_ENABLED=0 go build -o "$work/bare" ./bench/load/bare

DATABASE_URL=$PGURL ADDR=$APP BASE_URL=http://$APP CHECKIN_LIMIT_IP=100000000 LOG_LEVEL=warn \
  "$work/onshuis" --demo >"$work/app.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -sf "http://$APP/healthz" >/dev/null && break; sleep 0.5; done
go run ./bench/load/seed -db "$PGURL" -visits "$VISITS" -weeks 156

door=$(psql -h 127.0.0.1 -U root -d $DB -Atc "SELECT door_code FROM centres WHERE is_default")
token=$(curl -s -c "$work/jar" "http://$APP/checkin/$door" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
before=$(psql -h 127.0.0.1 -U root -d $DB -Atc "SELECT COUNT(*) FROM visits")

load() { # url, output file: every request a phone without a visitor cookie
  hey -n "$REQUESTS" -c "$CONNS" -m POST -disable-redirects -T application/x-www-form-urlencoded \
    -H "Cookie: onshuis_csrf=$token" -d "_csrf=$token" "$1" | tee "$2"
}
echo "== check-in POST /checkin/{door}: $REQUESTS requests, $CONNS at a time"
load "http://$APP/checkin/$door" "$work/checkin.txt"
after=$(psql -h 127.0.0.1 -U root -d $DB -Atc "SELECT COUNT(*) FROM visits")

"$work/bare" -db "$PGURL" -addr $BARE >"$work/bare.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 40); do curl -sf "http://$BARE/count" >/dev/null && break; sleep 0.25; done
echo "== bare Fiber handler, one GORM INSERT, same database and pool size"
load "http://$BARE/visit" "$work/bare.txt"

accepted=$(awk '/\[303\]/ {print $2}' "$work/checkin.txt"); accepted=${accepted:-0}
stored=$((after - before))
rps_app=$(awk '/Requests\/sec/ {print $2}' "$work/checkin.txt")
rps_bare=$(awk '/Requests\/sec/ {print $2}' "$work/bare.txt")
p99_app=$(awk '/ 99% in/ {print $3*1000}' "$work/checkin.txt")
p99_bare=$(awk '/ 99% in/ {print $3*1000}' "$work/bare.txt")
echo
echo "check-in: $rps_app req/s, p99 $p99_app ms; bare insert: $rps_bare req/s, p99 $p99_bare ms"
awk -v a="$rps_app" -v b="$rps_bare" 'BEGIN { printf "ratio check-in / bare: %.0f%%\n", 100*a/b }'
echo "accepted check-ins (303): $accepted of $REQUESTS, visits stored: $stored"
if [ "$accepted" -ne "$stored" ]; then
  echo "MISMATCH: stored visits differ from accepted check-ins" >&2
  exit 1
fi
