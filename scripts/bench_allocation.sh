#!/usr/bin/env bash
# Workshop allocation vs OR-Tools' min-cost flow (issue "Rencontres II"): the same seeded
# instances (1,000 × 20, 3,000 × 30, 10,000 × 50: participants × workshops in 2 slots,
# 5 ranks per slot, Zipf-like popularity, 1.1 seats per participant), the rank² objective,
# five runs each, alternating. Prints every run; compare the costs (must be equal) and the
# solve times.
# Usage: scripts/bench_allocation.sh PYTHON_WITH_ORTOOLS   (pip install ortools)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-python3}
swift build -c release --product alliances-bench >/dev/null
WORK=$(mktemp -d /tmp/alliances-allocation.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
for spec in "1000 20" "3000 30" "10000 50"; do
  set -- $spec
  python3 scripts/make_allocation_instance.py "$1" "$2" 2026 > "$WORK/$1x$2.txt"
  echo "== $1 participants × $2 workshops"
  for run in 1 2 3 4 5; do
    .build/release/alliances-bench allocate "$WORK/$1x$2.txt" | head -n 1
    "$PY" scripts/allocation_ortools.py "$WORK/$1x$2.txt"
  done
done
