#!/usr/bin/env bash
# Load test against PostgreSQL with realistic data (the demo centre plus 3 years of
# visits, ~350 a week). One invocation measures three pairs, each the app against a
# bare Fiber+GORM handler on the same database with the same pool (bench/load/bare),
# in turn, REPS times:
#
#   programme GET /, anonymous (no cookies)        vs  bare GET /page (one SELECT)
#   programme GET /, a logged-in resident          vs  bare GET /page
#   check-in POST /checkin/{door}, a new phone     vs  bare POST /visit (one INSERT)
#
# For each it prints req/s, p50, p99, the app's share of the bare throughput and its
# p99 as a multiple of the bare p99, the `uptime` load average at the time, and the
# database's own counters per request: commits (pg_stat_database.xact_commit of this
# database), rows read (tup_returned: rows of sequential scans and index entries;
# tup_fetched: rows fetched through an index) and WAL bytes (pg_stat_wal, the whole
# server: other databases' WAL counts too, so an upper bound; bench/load/wal.sh counts
# this database's records alone). PostgreSQL flushes a backend's counters up to 10 s
# after it goes idle, so each measurement waits FLUSH seconds before reading them.
# Then 2,000 logged-in residents join one activity with 50 places (bench/load/joins).
#
# It fails loudly on any error or unexpected status, when the visits stored differ
# from the check-ins accepted, or on overbooking.
#
#   bench/load/run.sh
#   REPS=3 SECONDS_PER=10 CHECKINS=30000 CONNS=64 VISITS=55000 RESIDENTS=2000 bench/load/run.sh
#
# GETs run for SECONDS_PER seconds each (hey -z); check-ins are a fixed number (hey -n),
# so every check-in sent is answered and counted. Needs PostgreSQL 15+ on
# 127.0.0.1:5432 (trust auth, user root) and Debian's hey, curl, psql.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPS=${REPS:-2}
SECONDS_PER=${SECONDS_PER:-10}
CHECKINS=${CHECKINS:-20000}
CONNS=${CONNS:-64}
VISITS=${VISITS:-55000}
RESIDENTS=${RESIDENTS:-2000}
FLUSH=${FLUSH:-11}
DB=${LOADDB:-onshuis_load}
PGURL="postgres://root@127.0.0.1:5432/$DB?sslmode=disable"
APP=${LOADAPP:-127.0.0.1:3111}
BARE=${LOADBARE:-127.0.0.1:3112}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
q() { psql -h 127.0.0.1 -U root -d "$DB" -Atc "$1"; }
fail() { echo; echo "!!!!!!!! FAILED: $*" >&2; exit 1; }
load() { cut -d' ' -f1 /proc/loadavg; }

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD)"
psql -h 127.0.0.1 -U root -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
CGO_ENABLED=0 go build -o "$work/onshuis" .
CGO_ENABLED=0 go build -o "$work/bare" ./bench/load/bare
go build -o "$work/joins" ./bench/load/joins

DATABASE_URL=$PGURL ADDR=$APP BASE_URL=http://$APP CHECKIN_LIMIT_IP=100000000 LOG_LEVEL=warn \
  "$work/onshuis" --demo >"$work/app.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -sf "http://$APP/healthz" >/dev/null && break; sleep 0.5; done
kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/app.log" >&2; fail "the app did not start (is $APP taken?)"; }
go run ./bench/load/seed -db "$PGURL" -visits "$VISITS" -weeks 156
"$work/bare" -db "$PGURL" -addr "$BARE" >"$work/bare.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 40); do curl -sf "http://$BARE/count" >/dev/null && break; sleep 0.25; done
# Another process on that address would answer for it, on another database.
kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/bare.log" >&2; fail "the bare handler did not start (is $BARE taken?)"; }

# The statistics autovacuum would gather after the seed's bulk insert (and, before each
# measurement, after the check-ins and bare inserts before it: measure). This server
# runs with autovacuum off (SHOW autovacuum), so without this every table keeps the
# planner's defaults: the programme's state, a one-row lookup among two centres, was
# planned as two bitmap scans for 310 assumed rows, at 70-90 µs of the database's time
# per page view against 9-12 µs analysed (issue 21, middleware round).
q "ANALYZE" >/dev/null
door=$(q "SELECT door_code FROM centres WHERE is_default")
token=$(curl -s "http://$APP/checkin/$door" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
[ -n "$token" ] || fail "no CSRF token on the check-in page"
resident=$("$work/joins" -db "$PGURL" -app "http://$APP" -session)
case $resident in "Cookie: "*onshuis_sessie=*) ;; *) fail "no session for the resident: $resident" ;; esac
page=$(curl -s -H "$resident" "http://$APP/") # not piped into grep -q: curl's SIGPIPE fails the pipe
case $page in *'action="/uitloggen"'*) ;; *) fail "the resident's programme page does not show her logged in" ;; esac
for u in "http://$APP/" "http://$BARE/page"; do hey -n 500 -c 8 "$u" >/dev/null; done # warm-up
hey -n 500 -c 8 -H "$resident" "http://$APP/" >/dev/null

counters() { # commits, rows returned, rows fetched, WAL bytes
  q "SELECT xact_commit, tup_returned, tup_fetched, (SELECT wal_bytes FROM pg_stat_wal) FROM pg_stat_database WHERE datname = current_database()"
}
answered() { awk '/^  \[[0-9]+\]/ {n+=$2} END {print n+0}' "$1"; }
checked() { # name: no errors, no status but 200 and 303
  local other errs
  other=$(awk '/^  \[/ && $1 != "[200]" && $1 != "[303]" {n+=$2} END {print n+0}' "$work/$1.txt")
  errs=$(awk '/Error distribution/ {e=1} e && /\[/ {gsub(/[][]/, "", $1); n+=$1} END {print n+0}' "$work/$1.txt")
  [ "$other" -eq 0 ] && [ "$errs" -eq 0 ] || { cat "$work/$1.txt" >&2; fail "$1: $other unexpected statuses, $errs errors"; }
}
# measure name hey-arguments…: runs hey, waits for the counters and keeps one line:
# name req/s p50 p99 load commits returned fetched wal (the last four per request)
measure() {
  local name=$1 c0 c1 n l
  shift
  q "ANALYZE" >/dev/null
  c0=$(counters)
  hey "$@" >"$work/$name.txt"
  l=$(load)
  sleep "$FLUSH"
  c1=$(counters)
  checked "$name"
  n=$(answered "$work/$name.txt")
  awk -v name="$name" -v n="$n" -v l="$l" -v c0="$c0" -v c1="$c1" '
    /Requests\/sec/ {r=$2} / 50% in/ {p50=$3*1000} / 99% in/ {p99=$3*1000}
    END {split(c0, a, "|"); split(c1, b, "|");
      printf "%s %.0f %.1f %.1f %s %.2f %.1f %.1f %.0f\n", name, r, p50, p99, l,
        (b[1]-a[1])/n, (b[2]-a[2])/n, (b[3]-a[3])/n, (b[4]-a[4])/n}' "$work/$name.txt" >>"$work/results"
  echo "   $name: $n answered, load $l"
}

sleep "$FLUSH" # the seed's and warm-up's counters
before=$(q "SELECT COUNT(*) FROM visits")
for rep in $(seq 1 "$REPS"); do
  echo "== repetition $rep of $REPS: GETs ${SECONDS_PER}s each, $CHECKINS check-ins, $CONNS at a time"
  measure "anonymous.$rep" -z "${SECONDS_PER}s" -c "$CONNS" "http://$APP/"
  measure "barepage.$rep" -z "${SECONDS_PER}s" -c "$CONNS" "http://$BARE/page"
  measure "resident.$rep" -z "${SECONDS_PER}s" -c "$CONNS" -H "$resident" "http://$APP/"
  measure "checkin.$rep" -n "$CHECKINS" -c "$CONNS" -m POST -disable-redirects -T application/x-www-form-urlencoded \
    -H "Cookie: onshuis_csrf=$token" -d "_csrf=$token" "http://$APP/checkin/$door"
  measure "bareinsert.$rep" -n "$CHECKINS" -c "$CONNS" -m POST -disable-redirects "http://$BARE/visit"
done
stored=$(( $(q "SELECT COUNT(*) FROM visits") - before ))
accepted=0 sent=0 # hey sends CHECKINS rounded down to a multiple of CONNS
for rep in $(seq 1 "$REPS"); do
  accepted=$((accepted + $(awk '/^ *\[303\]/ {n+=$2} END {print n+0}' "$work/checkin.$rep.txt")))
  sent=$((sent + $(answered "$work/checkin.$rep.txt")))
done

echo "== join POST"
"$work/joins" -db "$PGURL" -app "http://$APP" -residents "$RESIDENTS" -places 50 -c "$CONNS" | tee "$work/joins.txt"

echo
echo "Per request: commits of this database, rows read (returned by scans / fetched by index), WAL bytes of the whole server."
printf '%-22s %8s %8s %8s %5s | %7s %9s %9s %8s\n' "" "req/s" "p50 ms" "p99 ms" "load" "commits" "returned" "fetched" "WAL B"
sort -t. -k2,2n -s "$work/results" | awk '{printf "%-22s %8s %8s %8s %5s | %7s %9s %9s %8s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9}'
echo
echo "Pairs (app ÷ bare, same repetition):"
awk '{split($1, k, "."); r[$1]=$2; p99[$1]=$4; reps[k[2]]=1}
  END {
    for (i = 1; (i "") in reps; i++) {
      printf "  rep %d: anonymous programme %3.0f%% of bare page, p99 %.1f×;  resident programme %3.0f%%, p99 %.1f×;  check-in %3.0f%% of bare insert, p99 %.1f×\n", i,
        100*r["anonymous." i]/r["barepage." i], p99["anonymous." i]/p99["barepage." i],
        100*r["resident." i]/r["barepage." i], p99["resident." i]/p99["barepage." i],
        100*r["checkin." i]/r["bareinsert." i], p99["checkin." i]/p99["bareinsert." i]
    }
  }' "$work/results"
grep '^joins:' "$work/joins.txt"
echo "check-ins accepted (303): $accepted, visits stored: $stored"
[ "$accepted" -eq "$stored" ] && [ "$accepted" -eq "$sent" ] ||
  fail "MISMATCH: $stored visits stored, $accepted check-ins accepted, $sent answered"
echo "== done $(date -u '+%H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
