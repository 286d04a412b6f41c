#!/usr/bin/env bash
# RNA import benchmark: a generated N-row waldec file imported into SQLite (release build)
# beside `sqlite3 .import` of the same file into a plain table, in the same run; peak RSS
# from /usr/bin/time; with a PostgreSQL URL, the same against `psql \copy`.
# Usage: [ROUNDS=3] scripts/bench_import.sh [ROWS] [POSTGRES_URL]   (needs sqlite3, psql and GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
swift build -c release --product alliances >/dev/null
BIN=$PWD/.build/release/alliances
WORK=$(mktemp -d /tmp/alliances-import-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
unset DATABASE_URL
cat > "$WORK/communes.csv" <<'CSV'
TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT
COM,75056,11,75,75C,751,0,PARIS,Paris,Paris,75ZZ,
ARM,75101,11,75,75C,751,0,PARIS 1ER ARRONDISSEMENT,Paris 1er Arrondissement,Paris 1er Arrondissement,,75056
ARM,75107,11,75,75C,751,0,PARIS 7E ARRONDISSEMENT,Paris 7e Arrondissement,Paris 7e Arrondissement,,75056
ARM,75111,11,75,75C,751,0,PARIS 11E ARRONDISSEMENT,Paris 11e Arrondissement,Paris 11e Arrondissement,,75056
ARM,75118,11,75,75C,751,0,PARIS 18E ARRONDISSEMENT,Paris 18e Arrondissement,Paris 18e Arrondissement,,75056
CSV
python3 scripts/make_rna_file.py "$N" "$WORK/rna.csv" 75101 75107 75111 75118
echo "file: $N rows, $(du -h "$WORK/rna.csv" | cut -f1)"
# This machine's timings vary by 10-20 % from one run to the next, so the pair (sqlite3
# .import, then the import into a fresh database) runs ROUNDS times, alternating, after a
# sync; each round's ratio is printed and the median ratio is the figure.
ROUNDS=${ROUNDS:-3}
ratios=()
for round in $(seq "$ROUNDS"); do
  rm -f "$WORK"/a.sqlite* "$WORK/plain.db"
  $BIN migrate --database "$WORK/a.sqlite" >/dev/null 2>&1
  $BIN import cog-communes --quiet --database "$WORK/a.sqlite" "$WORK/communes.csv" >/dev/null
  $BIN admin create-lab --database "$WORK/a.sqlite" --name "Labo francilien" --slug idf --region 11 >/dev/null
  sync
  start=$(date +%s.%N)
  printf '.mode csv\n.separator ;\n.import %s raw\n' "$WORK/rna.csv" | sqlite3 "$WORK/plain.db"
  sqlite_s=$(echo "$(date +%s.%N) - $start" | bc)
  sync
  /usr/bin/time -v $BIN import rna --quiet --database "$WORK/a.sqlite" --lab idf "$WORK/rna.csv" 2>"$WORK/time.txt" | tail -n 1
  ours_s=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2,t,":"); print t[1]*60+t[2]}' "$WORK/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/time.txt")
  ratio=$(echo "scale=2; $ours_s / $sqlite_s" | bc)
  ratios+=("$ratio")
  echo "round $round: sqlite3 .import: ${sqlite_s} s; alliances import rna: ${ours_s} s; ratio $ratio; peak RSS ${rss} MB"
done
echo "median ratio over $ROUNDS rounds: $(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
start=$(date +%s.%N)
$BIN import rna --quiet --database "$WORK/a.sqlite" --lab idf "$WORK/rna.csv" | tail -n 1
echo "re-import of the same file: $(echo "$(date +%s.%N) - $start" | bc) s"
# PostgreSQL, when a URL is given (an empty database the script may fill):
# `psql \copy` of the same file into a plain table, then the import, in the same run.
if [ -n "${2:-}" ]; then
  PG="$2"
  PSQL_URL=${PG%%\?*}
  psql -q "$PSQL_URL" -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null
  cols=$(head -n 1 "$WORK/rna.csv" | tr -d '\r' | tr ';' '\n' | awk '{printf "%s\"%s\" text", (NR>1?", ":""), $0}')
  psql -q "$PSQL_URL" -c "CREATE TABLE raw ($cols)" >/dev/null
  start=$(date +%s.%N)
  psql -q "$PSQL_URL" -c "\\copy raw FROM '$WORK/rna.csv' WITH (FORMAT csv, DELIMITER ';', HEADER true)"
  copy_s=$(echo "$(date +%s.%N) - $start" | bc)
  psql -q "$PSQL_URL" -c "DROP TABLE raw" >/dev/null
  DATABASE_URL="$PG" $BIN migrate >/dev/null
  DATABASE_URL="$PG" $BIN import cog-communes --quiet "$WORK/communes.csv" >/dev/null
  DATABASE_URL="$PG" $BIN admin create-lab --name "Labo francilien" --slug idf --region 11 >/dev/null
  start=$(date +%s.%N)
  DATABASE_URL="$PG" /usr/bin/time -v $BIN import rna --quiet --lab idf "$WORK/rna.csv" 2>"$WORK/time-pg.txt" | tail -n 1
  pg_s=$(echo "$(date +%s.%N) - $start" | bc)
  pg_rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/time-pg.txt")
  echo "psql \\copy: ${copy_s} s; alliances import rna on PostgreSQL: ${pg_s} s; ratio $(echo "scale=2; $pg_s / $copy_s" | bc); peak RSS ${pg_rss} MB"
fi
