#!/usr/bin/env bash
# Workshop allocation vs OR-Tools' min-cost flow (issue "Rencontres II"): the same seeded
# instances (1,000 × 20, 3,000 × 30, 10,000 × 50: participants × workshops in 2 slots,
# 5 ranks per slot, Zipf-like popularity, 1.1 seats per participant), the rank² objective,
# five runs each, alternating. Prints every run; compare the costs (must be equal) and the
# solve times.
# Then the same instances with repeated workshops against CP-SAT (allocation_cpsat.py).
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
# Workshops repeated in both slots (the i-th workshop of each slot is the same one; the
# instances rank popular workshops high in both, so the slots solved apart give many
# participants the same workshop twice): alliances (proven optimum or bound) vs CP-SAT with
# a 60-second limit, once each.
for spec in "1000 20" "3000 30" "10000 50"; do
  set -- $spec
  echo "== repeated workshops: $1 participants × $2 workshops"
  .build/release/alliances-bench allocate "$WORK/$1x$2.txt" --repeated | head -n 2
  "$PY" scripts/allocation_cpsat.py "$WORK/$1x$2.txt" 60
done
