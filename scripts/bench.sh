#!/usr/bin/env bash
# Directory benchmark (issue "Foundation"): 50,000 organisations in one lab, release build,
# wrk -t2 -c32 -d10s --latency on loopback; a bare Hummingbird hello route in the same run.
# Usage: scripts/bench.sh [ORGANISATIONS]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-50000}
swift build -c release >/dev/null
BIN=.build/release/alliances
WORK=$(mktemp -d /tmp/alliances-bench.XXXXXX)
DB=$WORK/bench.sqlite
unset DATABASE_URL
$BIN demo --database "$DB" --synthetic "$N" | tail -n 1
$BIN serve --database "$DB" --port 8090 --no-demo >"$WORK/server.log" 2>&1 &
SERVER=$!
$BIN bench-hello --port 8091 >"$WORK/hello.log" 2>&1 &
HELLO=$!
trap 'kill $SERVER $HELLO 2>/dev/null || true; rm -rf "$WORK"' EXIT
for port in 8090 8091; do
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/" -o /dev/null && break; curl -sf "http://127.0.0.1:$port/hello" -o /dev/null && break; sleep 0.2; done
done
ORG=$(sqlite3 "$DB" "SELECT id FROM organisations WHERE lab_id = (SELECT id FROM labs WHERE slug='alsace') ORDER BY id DESC LIMIT 1" 2>/dev/null || echo 40000)
run() {
  local label=$1 url=$2
  curl -sf "$url" -o /dev/null
  local out
  out=$(wrk -t2 -c32 -d10s --latency -H "Accept: text/html" "$url")
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  local non2xx
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $4}')
  printf '%-48s %10s req/s   p99 %8s   non-2xx %s\n' "$label" "$rps" "$p99" "${non2xx:-0}"
  echo "$rps"  > "$WORK/last"
}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
run "bare hello (framework ceiling)" "http://127.0.0.1:8091/hello"; HELLO_RPS=$(cat "$WORK/last")
run "directory, 50 rows, filter type=association" "http://127.0.0.1:8090/labs/alsace/organisations?type=association"; DIR_RPS=$(cat "$WORK/last")
run "directory, 50 rows, filter departement=68, p.40" "http://127.0.0.1:8090/labs/alsace/organisations?departement=68&page=40"
run "organisation page" "http://127.0.0.1:8090/labs/alsace/organisations/$ORG"; ORG_RPS=$(cat "$WORK/last")
run "API list, 50 items, filter type=entreprise" "http://127.0.0.1:8090/api/v1/labs/alsace/organisations?type=entreprise"
# The same pages for a logged-in facilitator: rendered on every request (no page cache),
# with the session and account lookups.
ALLIANCES_PASSWORD=bench-password-123 $BIN admin create-user --database "$DB" --email bench@alliances.example --role facilitateur --lab alsace >/dev/null
JAR=$WORK/cookies
CSRF=$(curl -s -c "$JAR" -b "$JAR" http://127.0.0.1:8090/connexion | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -s -c "$JAR" -b "$JAR" -o /dev/null --data-urlencode "email=bench@alliances.example" --data-urlencode "password=bench-password-123" --data-urlencode "_csrf=$CSRF" http://127.0.0.1:8090/connexion
COOKIE="alliances_csrf=$(awk '$6=="alliances_csrf" {print $7}' "$JAR"); alliances_session=$(awk '$6=="alliances_session" {print $7}' "$JAR")"
runauth() {
  local label=$1 url=$2
  local out
  out=$(wrk -t2 -c32 -d10s --latency -H "Cookie: $COOKIE" "$url")
  printf '%-48s %10s req/s   p99 %8s   non-2xx %s\n' "$label" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')" "$(echo "$out" | awk '/Non-2xx/ {print $4}')"
}
runauth "logged in: directory, type=association" "http://127.0.0.1:8090/labs/alsace/organisations?type=association"
runauth "logged in: organisation page" "http://127.0.0.1:8090/labs/alsace/organisations/$ORG"
python3 -c "print(f'ratios to hello: directory {$DIR_RPS/$HELLO_RPS:.3f}, organisation {$ORG_RPS/$HELLO_RPS:.3f}')"
echo "server RSS after the runs: $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' /proc/$SERVER/status)"
