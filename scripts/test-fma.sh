#!/usr/bin/env bash
# Runs the numerical packages' tests in a build where Go's compiler fuses multiply-adds
# (GOAMD64=v3 on amd64), to prove that results do not depend on it: the torch parity replays
# (bit for bit on the reference's nofma runs), the checkpoint corpora and the test functions'
# golden values must all hold there too. Every operation that could fuse is written with an
# explicit conversion, which the Go specification says rounds and so prevents fusion.
#
# On a CPU without the x86-64-v3 instructions (AVX2, FMA, BMI2, ...) or on another architecture,
# a v3 binary cannot run: the script says so and stops without failing.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DESCENT_ROOT"

if [ "$(go env GOARCH)" != amd64 ]; then
  say "not amd64: GOAMD64=v3 tests skipped (on arm64 the default build fuses already, and go test covers it)"
  exit 0
fi
for flag in avx2 fma bmi1 bmi2 movbe f16c abm; do
  if ! grep -qw "$flag" /proc/cpuinfo 2>/dev/null; then
    say "this CPU lacks $flag (x86-64-v3): GOAMD64=v3 tests skipped"
    exit 0
  fi
done
say "the numerical packages again, built with GOAMD64=v3 (the compiler may fuse multiply-adds)"
GOAMD64=v3 go test ./pkg/... ./internal/integration/...
