#!/usr/bin/env bash
# Load test against PostgreSQL with realistic data (the demo centre plus 3 years of
# visits, ~350 a week): the programme page, the check-in POST and the join POST. The
# first two are compared with bare Fiber+GORM handlers (one SELECT, one INSERT) in the
# same run; hey sends a fixed number of requests, so every request is answered and
# counted. Afterwards the visits stored must equal the check-ins accepted, and the
# joins must not have overbooked.
#
#   bench/load/run.sh
#   REQUESTS=100000 CONNS=64 VISITS=55000 RESIDENTS=2000 bench/load/run.sh
#
# Needs PostgreSQL on 127.0.0.1:5432 (trust auth, user root) and Debian's hey, curl, psql.
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS=${REQUESTS:-50000}
CONNS=${CONNS:-64}
VISITS=${VISITS:-55000}
RESIDENTS=${RESIDENTS:-2000}
DB=onshuis_load
PGURL="postgres://root@127.0.0.1:5432/$DB?sslmode=disable"
APP=127.0.0.1:3111
BARE=127.0.0.1:3112
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
psql -h 127.0.0.1 -U root -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
CGO_ENABLED=0 go build -o "$work/onshuis" .
CGO_ENABLED=0 go build -o "$work/bare" ./bench/load/bare

DATABASE_URL=$PGURL ADDR=$APP BASE_URL=http://$APP CHECKIN_LIMIT_IP=100000000 LOG_LEVEL=warn \
  "$work/onshuis" --demo >"$work/app.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -sf "http://$APP/healthz" >/dev/null && break; sleep 0.5; done
go run ./bench/load/seed -db "$PGURL" -visits "$VISITS" -weeks 156
"$work/bare" -db "$PGURL" -addr $BARE >"$work/bare.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 40); do curl -sf "http://$BARE/count" >/dev/null && break; sleep 0.25; done

door=$(psql -h 127.0.0.1 -U root -d $DB -Atc "SELECT door_code FROM centres WHERE is_default")
token=$(curl -s "http://$APP/checkin/$door" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')

summary() { # label, hey output file
  awk -v l="$1" '/Requests\/sec/ {r=$2} / 50% in/ {p50=$3*1000} / 99% in/ {p99=$3*1000}
    END {printf "%-34s %9.0f req/s   p50 %6.1f ms   p99 %6.1f ms\n", l, r, p50, p99}' "$2"
}
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }

echo "== programme page GET / ($REQUESTS requests, $CONNS at a time)"
hey -n "$REQUESTS" -c "$CONNS" "http://$APP/" >"$work/programme.txt"
hey -n "$REQUESTS" -c "$CONNS" "http://$BARE/page" >"$work/barepage.txt"

echo "== check-in POST /checkin/{door}: every request a new phone"
before=$(psql -h 127.0.0.1 -U root -d $DB -Atc "SELECT COUNT(*) FROM visits")
wal0=$(psql -h 127.0.0.1 -U root -d $DB -Atc "SELECT pg_current_wal_lsn()")
hey -n "$REQUESTS" -c "$CONNS" -m POST -disable-redirects -T application/x-www-form-urlencoded \
  -H "Cookie: onshuis_csrf=$token" -d "_csrf=$token" "http://$APP/checkin/$door" >"$work/checkin.txt"
after=$(psql -h 127.0.0.1 -U root -d $DB -Atc "SELECT COUNT(*) FROM visits")
# The whole server's WAL over the check-ins (other databases' too, so an upper bound;
# bench/load/wal.sh counts this database's records alone).
walbytes=$(psql -h 127.0.0.1 -U root -d $DB -Atc "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$wal0')::bigint")
hey -n "$REQUESTS" -c "$CONNS" -m POST -disable-redirects "http://$BARE/visit" >"$work/barevisit.txt"
# The same at a busy door rather than a flood: 8 phones at a time.
hey -n 5000 -c 8 -m POST -disable-redirects -T application/x-www-form-urlencoded \
  -H "Cookie: onshuis_csrf=$token" -d "_csrf=$token" "http://$APP/checkin/$door" >"$work/checkin8.txt"
hey -n 5000 -c 8 -m POST -disable-redirects "http://$BARE/visit" >"$work/barevisit8.txt"
after8=$(psql -h 127.0.0.1 -U root -d $DB -Atc "SELECT COUNT(*) FROM visits")

echo "== join POST"
go run ./bench/load/joins -db "$PGURL" -app "http://$APP" -residents "$RESIDENTS" -places 50 -c "$CONNS" | tee "$work/joins.txt"

echo
summary "GET / (programme)" "$work/programme.txt"
summary "GET bare page (one SELECT)" "$work/barepage.txt"
summary "POST check-in" "$work/checkin.txt"
summary "POST bare visit (one INSERT)" "$work/barevisit.txt"
summary "POST check-in, 8 at a time" "$work/checkin8.txt"
summary "POST bare visit, 8 at a time" "$work/barevisit8.txt"
awk -v a="$(rps "$work/programme.txt")" -v b="$(rps "$work/barepage.txt")" 'BEGIN {printf "programme / bare page:  %3.0f%%\n", 100*a/b}'
awk -v a="$(rps "$work/checkin.txt")" -v b="$(rps "$work/barevisit.txt")" 'BEGIN {printf "check-in / bare insert: %3.0f%%\n", 100*a/b}'
grep '^joins:' "$work/joins.txt"
for f in programme checkin; do
  other=$(awk '/^  \[/ && $1 != "[200]" && $1 != "[303]" {n+=$2} END {print n+0}' "$work/$f.txt")
  errs=$(awk '/Error distribution/ {e=1} e && /\[/ {n+=$1} END {print n+0}' "$work/$f.txt")
  echo "$f: unexpected statuses $other, errors $errs"
  [ "$other" -eq 0 ] && [ "$errs" -eq 0 ] || { echo "FAILED: $f had errors" >&2; exit 1; }
done
accepted=$(awk '/^ *\[303\]/ {n+=$2} END {print n+0}' "$work/checkin.txt" "$work/checkin8.txt")
stored=$((after8 - before))
echo "check-ins accepted (303): $accepted, visits stored: $stored"
awk -v w="$walbytes" -v n="$((after - before))" 'BEGIN {if (n > 0) printf "WAL per check-in (whole server, upper bound): %.0f bytes\n", w/n}'
[ "$accepted" -eq "$stored" ] || { echo "MISMATCH: stored visits differ from accepted check-ins" >&2; exit 1; }
