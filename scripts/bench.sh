#!/usr/bin/env bash
# Benchmarks descent's optimizer steps against the same steps in PyTorch and against the memory
# floor, all in one run, and writes the figures and ratios to docs/benchmarks-optim.md:
#   1. BenchmarkStep (pkg/optim): every optimizer, float32 and float64, n = 1e3, 1e6, 1e7, and
#      BenchmarkStepUnchecked (bench/step): Adam, AdamW and SGD at n = 1e7 without the gradient check;
#   2. BenchmarkFloor (bench/floor): a vectorized kernel on the same cores that only moves the bytes
#      of an Adam step (read params, grads, m, v; write params, m, v), and BenchmarkFloorChecked, the
#      same after one more read of the gradient (the bytes of a step that checks first), run in
#      alternation with 1.;
#   3. bench/torch_step.py: torch.optim's step() on the same cases with 2 threads. PyTorch is a
#      benchmark peer only, never a dependency: python3-torch is installed from apt when missing.
# Raw outputs are kept in build/bench/optim/. The run takes about five minutes on two cores.
# Measure on an otherwise idle machine: a busy core slows both sides, PyTorch's threads most.
#
# Environment:
#   DESCENT_BENCH_COUNT=N         runs of each Go benchmark (default 3; the report uses medians)
#   DESCENT_BENCH_HEADLINE=N      extra rounds of every side of Adam float32 n=1e7 (default 5)
#   DESCENT_BENCH_TIME=D          go test -benchtime per run (default 0.3s)
#   DESCENT_BENCH_TORCH_THREADS=N torch.set_num_threads (default 2)
#   DESCENT_BENCH_OUT=FILE        the report (default docs/benchmarks-optim.md)
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DESCENT_ROOT"
start=$SECONDS

count=${DESCENT_BENCH_COUNT:-3}
headline=${DESCENT_BENCH_HEADLINE:-5}
benchtime=${DESCENT_BENCH_TIME:-0.3s}
threads=${DESCENT_BENCH_TORCH_THREADS:-2}
out=${DESCENT_BENCH_OUT:-docs/benchmarks-optim.md}
raw=build/bench/optim
mkdir -p "$raw" "$(dirname "$out")"

# Two runs at once would slow each other down and mix their raw outputs: wait for the other one.
exec 9>"$raw/lock"
if ! flock -n 9; then
  say "another benchmark run holds $raw/lock; waiting for it to finish"
  flock 9
fi

command -v go >/dev/null 2>&1 || die "Go is not on PATH."

# --- PyTorch, the peer ---------------------------------------------------------------------------------
# Debian's python3-torch lives in the system interpreter, not in a venv.
python=/usr/bin/python3
if ! "$python" -c 'import torch' >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo -n"; fi
  say "PyTorch is missing: installing python3-torch from apt (a benchmark peer, not a dependency of descent)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-torch >/dev/null \
    || die "could not install python3-torch; install it (apt-get install python3-torch) and run this again."
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- Go: the optimizer steps and the floor ------------------------------------------------------------
# The runs of the two benchmarks alternate, so that a burst of load from elsewhere on the machine
# does not fall on one side of a ratio only.
say "building the benchmark binaries"
go test -c -o "$raw/optim.test" ./pkg/optim/
go test -c -o "$raw/floor.test" ./bench/floor/
go test -c -o "$raw/step.test" ./bench/step/
: > "$raw/step.txt"
: > "$raw/floor.txt"
for i in $(seq "$count"); do
  say "run $i of $count: BenchmarkStep (pkg/optim), BenchmarkStepUnchecked (bench/step), BenchmarkFloor (bench/floor), $benchtime each"
  (cd pkg/optim && "../../$raw/optim.test" -test.run '^$' -test.bench '^BenchmarkStep$' -test.benchmem \
    -test.benchtime "$benchtime") | tee -a "$raw/step.txt" | grep -E '^(Benchmark|FAIL)' >&2
  (cd bench/step && "../../$raw/step.test" -test.run '^$' -test.bench . -test.benchmem \
    -test.benchtime "$benchtime") | tee -a "$raw/step.txt" | grep -E '^(Benchmark|FAIL)' >&2
  (cd bench/floor && "../../$raw/floor.test" -test.run '^$' -test.bench '^BenchmarkFloor(Checked)?$' \
    -test.benchtime "$benchtime") | tee -a "$raw/floor.txt" | grep -E '^(Benchmark|FAIL)' >&2
done

# --- PyTorch ---------------------------------------------------------------------------------------
say "torch.optim step() with $threads threads (bench/torch_step.py)"
"$python" bench/torch_step.py --threads "$threads" | tee "$raw/torch.txt" >&2

# --- The headline case, more often ------------------------------------------------------------------
# Adam, float32, n = 1e7, whose ratios the issue sets targets for: more rounds, each running every side.
say "Adam float32 n=1e7: $headline more rounds of Step, unchecked Step, the floor and PyTorch"
for i in $(seq "$headline"); do
  (cd pkg/optim && "../../$raw/optim.test" -test.run '^$' -test.bench '^BenchmarkStep$/^adam$/^float32$/^n=10000000$' \
    -test.benchmem -test.benchtime "$benchtime") | tee -a "$raw/step.txt" | grep -E '^(Benchmark|FAIL)' >&2
  (cd bench/step && "../../$raw/step.test" -test.run '^$' -test.bench '^BenchmarkStepUnchecked$/^adam$/^float32$/' \
    -test.benchmem -test.benchtime "$benchtime") | tee -a "$raw/step.txt" | grep -E '^(Benchmark|FAIL)' >&2
  (cd bench/floor && "../../$raw/floor.test" -test.run '^$' -test.bench '^BenchmarkFloor(Checked)?$/^float32$/^n=10000000$' \
    -test.benchtime "$benchtime") | tee -a "$raw/floor.txt" | grep -E '^(Benchmark|FAIL)' >&2
  "$python" bench/torch_step.py --threads "$threads" --optimizers adam --dtypes float32 --sizes 10000000 \
    | grep '^torch_step' | tee -a "$raw/torch.txt" >&2
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- Report ----------------------------------------------------------------------------------------
{
  echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores visible to the run (GOMAXPROCS $(nproc))"
  echo "Kernel: $(uname -sr)"
  echo "Go: $(go env GOVERSION) $(go env GOOS)/$(go env GOARCH), GOAMD64=$(go env GOAMD64), default build (no GOEXPERIMENT)"
  echo "PyTorch: $(sed -n 's/^# //p' "$raw/torch.txt")"
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "Load average (1, 5, 15 min) before the run: $load_before; after: $load_after"
  echo "Go benchmarks: $count runs of -benchtime $benchtime, $headline more for Adam float32 n=1e7; PyTorch: median of up to 11 timed steps after 3 warm-up steps per run, 1 run per case and $headline more for Adam float32 n=1e7"
} > "$raw/machine.txt"

go run ./bench/report -go "$raw/step.txt" -floor "$raw/floor.txt" -torch "$raw/torch.txt" \
  -machine "$raw/machine.txt" > "$out.tmp"
mv "$out.tmp" "$out"
say "wrote $out in $((SECONDS - start)) s"
