#!/usr/bin/env bash
# Assembles docs/benchmarks.md from the sections the benchmark scripts write (run last by 'make bench'):
# optimizer steps (scripts/bench.sh), notebooks (scripts/bench-notebooks.sh), autograd
# (pkg/autograd/BENCHMARKS.md) and plotting (docs/benchmarks-plotting.md).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DESCENT_ROOT"
out=docs/benchmarks.md
# section FILE: the file with every heading one level deeper (outside code blocks).
section() {
  [ -f "$1" ] || { say "missing $1: run 'make bench' (or the script that writes it) first"; return 0; }
  awk '/^```/ { code = !code } !code && /^#/ { print "#" $0; next } { print }' "$1"
  echo
}
{
  echo "# Benchmarks"
  echo
  echo "What descent costs, measured on this project's 2-core machine beside PyTorch 1.13 (CPU), the peer a"
  echo "learner is likely to compare with. \`make bench\` regenerates the optimizer and notebook sections and"
  echo "this page; the autograd and plotting sections come from the commands given in them."
  echo "Each section names its date and the load on the machine: the machine is shared, so treat single"
  echo "figures with care and compare ratios measured in the same run."
  echo
  section docs/benchmarks-optim.md
  section docs/benchmarks-notebooks.md
  section pkg/autograd/BENCHMARKS.md
  section docs/benchmarks-plotting.md
} > "$out.tmp"
mv "$out.tmp" "$out"
say "wrote $out"
