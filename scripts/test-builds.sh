#!/usr/bin/env bash
# Runs the numerical packages' tests again in the other builds they promise to work in:
#   1. -tags purego: the portable Go loops only, as on architectures without assembly kernels;
#   2. GOAMD64=v3 on amd64, where Go's compiler fuses multiply-adds: the torch parity replays (bit for
#      bit on the reference's nofma runs), the checkpoint corpora and the test functions' golden
#      values must hold there too, which proves that every product feeding a sum is rounded on its
#      own (an explicit conversion, which the Go specification says prevents fusion);
#   3. GOEXPERIMENT=simd: Adam's simd/archsimd kernels, checked bit for bit against the reference;
#   4. -race on every package of the library and on plotting: the optimizers' long steps run on a pool of
#      worker goroutines, and each package's concurrency contract is tested where it promises any.
# On a CPU without the x86-64-v3 instructions (AVX2, FMA, BMI2, ...) or on another architecture,
# 2. and 3. cannot run: the script says so and skips them without failing.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DESCENT_ROOT"

pkgs=(./pkg/... ./internal/integration/...)

say "the numerical packages again, built with -tags purego (no assembly)"
go test -tags purego "${pkgs[@]}"
say "the library and plotting again, with the race detector (about two minutes)"
go test -race ./pkg/... ./plotting/...

if [ "$(go env GOARCH)" != amd64 ]; then
  say "not amd64: the GOAMD64=v3 and GOEXPERIMENT=simd builds are skipped"
  exit 0
fi
for flag in avx2 fma bmi1 bmi2 movbe f16c abm; do
  if ! grep -qw "$flag" /proc/cpuinfo 2>/dev/null; then
    say "this CPU lacks $flag (x86-64-v3): the GOAMD64=v3 and GOEXPERIMENT=simd builds are skipped"
    exit 0
  fi
done
say "the numerical packages again, built with GOAMD64=v3 (the compiler may fuse multiply-adds)"
GOAMD64=v3 go test "${pkgs[@]}"
say "the optimizers again, built with GOEXPERIMENT=simd (Adam on simd/archsimd)"
GOEXPERIMENT=simd go test ./pkg/optim/...
