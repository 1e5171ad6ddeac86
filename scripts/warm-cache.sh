#!/usr/bin/env bash
# Fills the Go build cache with everything the lessons import, so that the first cell of a lesson
# on a new machine links in a second or two instead of compiling gonum, gonum/plot and the
# standard library for tens of seconds. Run by scripts/setup.sh; scripts/hub/ runs it as each
# learner, for that learner's own cache.
#
#   bash scripts/warm-cache.sh           build what is missing (a no-op taking about a second when warm)
#   bash scripts/warm-cache.sh --check   build nothing; exit 1 and list the packages a cell would still compile
#
# It builds the way GoNB compiles a cell ('go build', no flags, the same environment) from the
# module the lessons' first cell puts in the cell's workspace: the directory above the notebooks.
# The Go build cache keys a package by its source directory, so the cache is warm only for that
# directory: a copy of the lessons elsewhere (a hub learner's) needs its own run.
#
# Environment:
#   DESCENT_MODULE_DIR=DIR   the module to build from (default: this repository); its notebooks/
#                            folder holds the lessons whose imports are built
#   GOCACHE, GOMODCACHE, ...  as for any go command
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

check=false
case "${1:-}" in
  --check) check=true ;;
  '') ;;
  *) die "usage: $0 [--check]" ;;
esac
module=${DESCENT_MODULE_DIR:-$DESCENT_ROOT}
[ -f "$module/go.mod" ] || die "DESCENT_MODULE_DIR=$module has no go.mod"
cd "$module"
if ! compgen -G "$module/notebooks/*.ipynb" >/dev/null; then
  # The image's first setup runs before the library and the lessons are copied in.
  say "Go build cache: no lessons in $module/notebooks yet, nothing to warm"
  exit 0
fi

# The packages the lessons import: every import in their code cells, and fmt, which goimports adds
# to cells that print without importing it. Jupyter's own Python reads the notebooks (it is there:
# setup installs Jupyter before it calls this script); the python3 first on PATH may be another.
py=python3
if jupyter=$(find_jupyter); then py=$(jupyter_python "$jupyter"); fi
mapfile -t pkgs < <("$py" - "$module/notebooks" <<'PY'
import glob, json, os, re, sys
found = {"fmt"}
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.ipynb"))):
    with open(path, encoding="utf-8") as f:
        cells = json.load(f).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else src
        for m in re.finditer(r'^\s*import\s+(?:[\w.]+\s+)?"([^"]+)"', src, re.M):
            found.add(m.group(1))
        for m in re.finditer(r'^\s*import\s*\((.*?)\)', src, re.M | re.S):
            found.update(re.findall(r'"([^"]+)"', m.group(1)))
print("\n".join(sorted(found)))
PY
) || die "could not read the lessons' imports from $module/notebooks"
[ "${#pkgs[@]}" -gt 1 ] || die "found no imports in $module/notebooks/*.ipynb"

cache=$(go env GOCACHE)
# 'go build -n' prints the commands a build would run and runs none: a compile among them is a
# package that is not in the cache yet.
plan=$(go build -n "${pkgs[@]}" 2>&1) || die "the lessons' imports do not build from $module:
$plan"
stale=$(printf '%s\n' "$plan" | grep -cE '/compile( |$)' || true)
if [ "$stale" = 0 ]; then
  say "Go build cache: warm for the lessons (${#pkgs[@]} imports, $cache)"
  exit 0
fi
if $check; then
  say "Go build cache: $stale packages the lessons import are not compiled in $cache, among them:"
  printf '%s\n' "$plan" | sed -n 's/^# \([^ ]*\)$/  \1/p' | tail -n 10 >&2
  exit 1
fi
about=""
[ "$stale" -lt 100 ] || about=" — a minute or two on a new machine, once"
say "warming the Go build cache ($cache): compiling $stale packages the lessons import$about"
start=$SECONDS
go build "${pkgs[@]}"
say "Go build cache: warmed in $((SECONDS - start))s"
