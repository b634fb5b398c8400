#!/usr/bin/env bash
# WAL written per check-in on PostgreSQL, counted from the WAL itself (pg_walinspect),
# so other databases on the same server (other engineers, other tests) do not count:
# only records that touch this database's relations, and the commit records of their
# transactions. N anonymous check-ins (every request a new phone) through the real
# POST /checkin/{door}, one at a time, against the demo centre. Prints WAL records and
# bytes per visit (and the full-page images among them), and fails when the visits
# stored differ from the check-ins accepted. Counts, not times: it does not matter how
# busy the machine is.
#
#   bench/load/wal.sh                 # 2000 check-ins
#   N=5000 WALDB=onshuis_wal bench/load/wal.sh
#
# Needs PostgreSQL 15+ on 127.0.0.1:5432 (trust auth, a superuser root), curl, psql.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-2000}
DB=${WALDB:-onshuis_privacy_wal}
PGURL="postgres://root@127.0.0.1:5432/$DB?sslmode=disable"
APP=${WALADDR:-127.0.0.1:3121}
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
q() { psql -h 127.0.0.1 -U root -d "$DB" -Atc "$1"; }

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(git rev-parse --short HEAD), $N check-ins"
psql -h 127.0.0.1 -U root -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
q "CREATE EXTENSION pg_walinspect" >/dev/null
CGO_ENABLED=0 go build -o "$work/onshuis" .
DATABASE_URL=$PGURL ADDR=$APP BASE_URL=http://$APP CHECKIN_LIMIT_IP=100000000 LOG_LEVEL=warn \
  "$work/onshuis" --demo >"$work/app.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do curl -sf "http://$APP/healthz" >/dev/null && break; sleep 0.5; done

door=$(q "SELECT door_code FROM centres ORDER BY id LIMIT 1")
token=$(curl -s "http://$APP/checkin/$door" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
# A few check-ins first, so the first visits' page splits and the session's warm-up
# are not what is measured.
for _ in $(seq 1 20); do
  curl -s -o /dev/null -H "Cookie: onshuis_csrf=$token" -d "_csrf=$token" "http://$APP/checkin/$door"
done
q "CHECKPOINT" >/dev/null # full-page images then come as they would after any checkpoint
before=$(q "SELECT COUNT(*) FROM visits")
start=$(q "SELECT pg_current_wal_lsn()")
accepted=0
for _ in $(seq 1 "$N"); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: onshuis_csrf=$token" -d "_csrf=$token" "http://$APP/checkin/$door")
  [ "$code" = 303 ] && accepted=$((accepted + 1))
done
end=$(q "SELECT pg_current_wal_lsn()")
stored=$(( $(q "SELECT COUNT(*) FROM visits") - before ))

oid=$(q "SELECT oid FROM pg_database WHERE datname = current_database()")
echo "   per relation (records, bytes per visit):"
q "WITH mine AS (SELECT *, substring(block_ref from '/$oid/([0-9]+)')::oid AS node FROM pg_get_wal_records_info('$start', '$end')
     WHERE block_ref LIKE '%/$oid/%' OR xid IN (SELECT xid FROM pg_get_wal_records_info('$start', '$end') WHERE block_ref LIKE '%/$oid/%' AND xid <> 0))
   SELECT format('%-36s %6s %6s', name, round(COUNT(*)::numeric / $N, 2), round(SUM(record_length)::numeric / $N))
   FROM (SELECT COALESCE(c.relname, CASE WHEN m.node IS NULL THEN '(commits)' ELSE m.node::text END) AS name, m.record_length
     FROM mine m LEFT JOIN pg_class c ON c.relfilenode = m.node) r GROUP BY name ORDER BY SUM(record_length) DESC" | sed 's/^/     /'
q "WITH mine AS (SELECT * FROM pg_get_wal_records_info('$start', '$end')
     WHERE block_ref LIKE '%/$oid/%' OR xid IN (SELECT xid FROM pg_get_wal_records_info('$start', '$end') WHERE block_ref LIKE '%/$oid/%' AND xid <> 0))
   SELECT format('WAL per visit: %s records, %s bytes (full-page images %s bytes); without full-page images %s bytes',
     round(COUNT(*)::numeric / $N, 2), round(SUM(record_length)::numeric / $N), round(SUM(fpi_length)::numeric / $N),
     round((SUM(record_length) - SUM(fpi_length))::numeric / $N)) FROM mine"
echo "check-ins accepted (303): $accepted, visits stored: $stored"
[ "$accepted" -eq "$N" ] && [ "$stored" -eq "$N" ] || { echo "MISMATCH: stored visits differ from accepted check-ins" >&2; exit 1; }
