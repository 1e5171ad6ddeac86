#!/usr/bin/env bash
# The first lesson on a new machine, measured (docs/benchmarks-notebooks.md, "The first lesson on a
# new machine"). Each round uses a new, empty Go build cache (GOCACHE) standing for a new machine:
#   cold       lesson 01 executed headless with nbconvert on the empty cache (what a learner got
#              before setup warmed the cache);
#   warm-up    scripts/warm-cache.sh on another empty cache: what setup now adds to a first run;
#   first      lesson 01 right after that warm-up (what a learner gets now after 'make notebook');
#   warm       lesson 01 again on the same cache (every later run).
# Prints a Markdown table with the load average beside each round. CPU-heavy: each round compiles
# the lessons' imports from scratch twice.
#
#   bash scripts/bench-warm-start.sh [ROUNDS]    (default 2)
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DESCENT_ROOT"
rounds=${1:-2}
bash scripts/setup.sh >/dev/null 2>&1 || die "setup failed: run bash scripts/setup.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$tmp/last.log" 2>&1 || { cat "$tmp/last.log" >&2; die "failed: $*"; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", b - a }'
}
lesson01() { bash scripts/jupyter.sh nbconvert --to notebook --execute --output-dir "$tmp/out" notebooks/01-gradient-descent-and-optimization.ipynb; }
load() { cut -d' ' -f1 /proc/loadavg; }

echo "| round | cold lesson 01 | warm-up (setup adds) | lesson 01 after the warm-up | warm lesson 01 | load average (1 min) at each |"
echo "|---|---:|---:|---:|---:|---|"
for r in $(seq "$rounds"); do
  rm -rf "$tmp/cold" "$tmp/warmed"
  mkdir -p "$tmp/cold" "$tmp/warmed"
  l1=$(load); cold=$(GOCACHE="$tmp/cold" seconds lesson01)
  l2=$(load); warmup=$(GOCACHE="$tmp/warmed" seconds bash scripts/warm-cache.sh)
  l3=$(load); first=$(GOCACHE="$tmp/warmed" seconds lesson01)
  l4=$(load); warm=$(GOCACHE="$tmp/warmed" seconds lesson01)
  echo "| $r | ${cold} s | ${warmup} s | ${first} s | ${warm} s | $l1, $l2, $l3, $l4 |"
done
