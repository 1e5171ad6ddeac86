#!/usr/bin/env bash
# Times the lessons as the tests run them, beside the document's own two cells in Python + PyTorch,
# and writes docs/benchmarks-notebooks.md:
#   1. the whole notebook test (go test -run TestNotebooks ./internal/nbtest): every notebook executed
#      headless in a fresh GoNB kernel, with the time of each notebook;
#   2. notebook 01 alone (the document in Go), executed with nbconvert;
#   3. bench/notebooks/document-pytorch.ipynb (the document's two cells verbatim) on Debian's python3
#      kernel, executed with nbconvert. PyTorch is a benchmark peer only (python3-torch from apt).
# Each is run DESCENT_BENCH_NB_COUNT times (default 3) after one warm-up run; the report gives medians.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DESCENT_ROOT"
count=${DESCENT_BENCH_NB_COUNT:-3}
out=${DESCENT_BENCH_NB_OUT:-docs/benchmarks-notebooks.md}
raw=build/bench
mkdir -p "$raw"

bash scripts/setup.sh
/usr/bin/python3 -c 'import torch' 2>/dev/null || die "python3-torch is missing: run 'make bench' (it installs it) or apt-get install python3-torch"
bash scripts/jupyter.sh kernelspec list 2>/dev/null | grep -q '^ *python3 ' || die "no python3 Jupyter kernel (Debian: apt-get install python3-ipykernel)"

# seconds CMD...: runs CMD, prints its wall time in seconds (3 decimals).
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$raw/last.log" 2>&1 || { cat "$raw/last.log" >&2; die "failed: $*"; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go_test() { go test -count=1 -v -run 'TestNotebooks$' ./internal/nbtest > "$raw/nbtest.log" 2>&1; }
go_nb01() { bash scripts/jupyter.sh nbconvert --to notebook --execute --output-dir "$tmp" notebooks/01-gradient-descent-and-optimization.ipynb; }
py_doc() { bash scripts/jupyter.sh nbconvert --to notebook --execute --output-dir "$tmp" bench/notebooks/document-pytorch.ipynb; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "warm-up (fills the Go build cache)"
seconds go_test >/dev/null; seconds go_nb01 >/dev/null; seconds py_doc >/dev/null
: > "$raw/nb-times.txt"
for i in $(seq "$count"); do
  say "round $i of $count"
  printf 'test %s\n' "$(seconds go_test)" >> "$raw/nb-times.txt"
  cp "$raw/nbtest.log" "$raw/nbtest-$i.log"
  printf 'go01 %s\n' "$(seconds go_nb01)" >> "$raw/nb-times.txt"
  printf 'py %s\n' "$(seconds py_doc)" >> "$raw/nb-times.txt"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
t_test=$(awk '$1 == "test" { print $2 }' "$raw/nb-times.txt" | median)
t_go01=$(awk '$1 == "go01" { print $2 }' "$raw/nb-times.txt" | median)
t_py=$(awk '$1 == "py" { print $2 }' "$raw/nb-times.txt" | median)

{
  echo "# Notebook benchmarks"
  echo
  echo "Made by \`scripts/bench-notebooks.sh\` (part of \`make bench\`) on $(date -u +%Y-%m-%d): $(nproc) cores,"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(go env GOVERSION)."
  echo "Median over $count run(s) after a warm-up (warm Go build cache). Load average before: $load_before; after: $load_after."
  echo
  echo "| what | seconds |"
  echo "|---|---:|"
  echo "| the whole notebook test: every lesson executed headless in a fresh GoNB kernel and checked | $t_test |"
  echo "| notebook 01 alone (the document's two cells in Go, with explanations and plots), nbconvert | $t_go01 |"
  echo "| the document's two cells in Python + PyTorch (\`bench/notebooks/document-pytorch.ipynb\`), nbconvert | $t_py |"
  echo
  echo "Each notebook in the last round of the test:"
  echo
  echo "| notebook | seconds |"
  echo "|---|---:|"
  grep -E -- '--- (PASS|FAIL): TestNotebooks/' "$raw/nbtest-$count.log" | sed -E 's/.*TestNotebooks\/([^ ]+) \(([0-9.]+)s\)/| \1 | \2 |/'
  echo
  echo "A GoNB cell is compiled and run as a Go program, so each code cell costs a build (about a second with"
  echo "a warm cache); the Python kernel interprets its cells but pays for importing torch once."
} > "$out"
say "wrote $out"
