#!/usr/bin/env bash
# Runs every Go fuzz target of the module (go test -fuzz), one after another, each for FUZZTIME,
# then prints one line per target: its package, name, result, duration and executions.
# Plain `go test ./...` already runs every target's committed seed corpus (testdata/fuzz/<Target>/);
# this script searches beyond it. A failing input is saved by go test under testdata/fuzz/<Target>/
# of its package, where the next `go test` replays it until the bug is fixed.
#
# Environment:
#   FUZZTIME=D     go test -fuzztime per target (default 60s)
#   FUZZ_PKGS=P    the packages to search for targets (default ./...)
#   FUZZ_LOG=DIR   where the full output of each target is kept (default build/fuzz)
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DESCENT_ROOT"

fuzztime=${FUZZTIME:-60s}
logdir=${FUZZ_LOG:-build/fuzz}
mkdir -p "$logdir"

# Every (package, target) pair, from go test -list.
targets=()
for pkg in $(go list ${FUZZ_PKGS:-./...}); do
  while IFS= read -r name; do
    targets+=("$pkg $name")
  done < <(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true)
done
[ ${#targets[@]} -gt 0 ] || die "no fuzz targets found"
say "${#targets[@]} fuzz targets, $fuzztime each"

failed=0
summary=()
for t in "${targets[@]}"; do
  read -r pkg name <<<"$t"
  log="$logdir/$name.log"
  say "fuzzing $pkg $name"
  start=$SECONDS
  if go test -run '^$' -fuzz "^$name\$" -fuzztime "$fuzztime" "$pkg" >"$log" 2>&1; then
    result=ok
  else
    result=FAIL
    failed=1
    tail -n 30 "$log" >&2
  fi
  execs=$(grep -o 'execs: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  summary+=("$(printf '%-4s %-50s %-24s %4ds  %s execs' "$result" "$pkg" "$name" $((SECONDS - start)) "${execs:-?}")")
done

printf '%s\n' "${summary[@]}"
[ "$failed" -eq 0 ] || die "a fuzz target failed; its input is in testdata/fuzz/ of its package (logs in $logdir)"
