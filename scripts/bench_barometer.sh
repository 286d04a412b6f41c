#!/usr/bin/env bash
# Barometer benchmark (issue "Partnerships and the territorial barometer"): a lab of
# 100,000 actors (the demo's 26 and 99,974 synthetic ones) and 20,000 partnerships,
# release build. Prints (1) the data read and the computation apart (alliances-bench),
# (2) the page's server time cold (first request after start: data read + computation +
# rendering), for a new period (data kept, figures computed) and cached, five times each,
# (3) wrk on the cached page at 1 and 32 connections, (4) the first view right after a
# write (a partnership or a survey answer posted by an admin: only what changed is read
# again) and three seconds after one (the background warmer has read it already).
# Usage: scripts/bench_barometer.sh [POSTGRES_URL]   (SQLite without it; needs wrk, curl)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
BIN=.build/release/alliances
WORK=$(mktemp -d /tmp/alliances-barometer.XXXXXX)
PORT=8094
if [ $# -ge 1 ]; then
  export DATABASE_URL=$1
  TARGET=$1
  DBOPT=()
else
  unset DATABASE_URL
  TARGET=$WORK/bench.sqlite
  DBOPT=(--database "$TARGET")
fi
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
SERVER=0
$BIN demo "${DBOPT[@]}" --synthetic 99974 --partnerships 20000 | tail -n 2
ALLIANCES_PASSWORD=bench-password-2026 $BIN admin create-user "${DBOPT[@]}" --email bench@example.org >/dev/null
.build/release/alliances-bench barometer "$TARGET" alsace
URL="http://127.0.0.1:$PORT/labs/alsace/barometre"
for i in 1 2 3 4 5; do
  $BIN serve "${DBOPT[@]}" --port $PORT --no-demo --data-dir "$WORK/data" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do sleep 0.2; done
  cold=$(curl -sf -o /dev/null -w "%{time_total}" "$URL?annee=2026")
  period=$(curl -sf -o /dev/null -w "%{time_total}" "$URL?du=2026-01-01&au=2026-06-1$i")
  cached=$(curl -sf -o /dev/null -w "%{time_total}" "$URL?annee=2026")
  echo "run $i: cold ${cold}s, new period ${period}s, cached ${cached}s"
  [ $i -lt 5 ] && { kill $SERVER; wait $SERVER 2>/dev/null || true; }
done
for c in 1 32; do
  out=$(wrk -t$((c > 1 ? 2 : 1)) -c$c -d10s --latency "$URL?annee=2026")
  echo "wrk -c$c: $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s, p50 $(echo "$out" | awk '$1=="50%" {print $2}'), p99 $(echo "$out" | awk '$1=="99%" {print $2}')"
done
JAR=$WORK/cookies
BASE="http://127.0.0.1:$PORT"
curl -sf -c "$JAR" -o /dev/null "$BASE/connexion"
# The CSRF token of a page with a form, for the browser's current cookies.
token() { curl -sf -b "$JAR" -c "$JAR" "$BASE/connexion" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1; }
curl -sf -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "email=bench@example.org" --data-urlencode "password=bench-password-2026" --data-urlencode "_csrf=$(token)" "$BASE/connexion"
read -r ORG ORG2 < <(curl -sf "$BASE/api/v1/labs/alsace/organisations?pageSize=2" | python3 -c 'import json, sys; print(*[o["id"] for o in json.load(sys.stdin)["items"]])')
survey() {
  curl -sf -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "organisationId=$ORG" --data-urlencode "year=2026" \
    --data-urlencode "partnerships=$1" --data-urlencode "modes=benevolat" --data-urlencode "_csrf=$(token)" "$BASE/labs/alsace/barometre/enquete"
}
partnership() {
  curl -sf -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "title=Partenariat de mesure $1" --data-urlencode "party=$ORG" --data-urlencode "role=" \
    --data-urlencode "party=$ORG2" --data-urlencode "role=" --data-urlencode "modes=benevolat" --data-urlencode "stage=experimentation" \
    --data-urlencode "startDate=2026-03-0$1" --data-urlencode "_csrf=$(token)" "$BASE/labs/alsace/partenariats/nouveau"
}
for n in 1 2 3; do
  partnership $n
  echo "view right after a new partnership: $(curl -sf -o /dev/null -w "%{time_total}" "$URL?annee=2026")s"
done
for n in 1 2 3; do
  survey $n
  echo "view right after a survey answer: $(curl -sf -o /dev/null -w "%{time_total}" "$URL?annee=2026")s"
done
for n in 4 5 6; do
  survey $n
  sleep 3
  echo "view 3 s after a survey answer: $(curl -sf -o /dev/null -w "%{time_total}" "$URL?annee=2026")s"
done
