#!/usr/bin/env bash
# make site: the lessons as a static website in build/site/, made from the committed notebooks.
# It runs nothing of the lessons (no Jupyter): it reads the saved outputs. Math is typeset at build
# time by KaTeX and markdown rendered with the Notebook's marked, both pinned in
# site/package-lock.json and installed here with npm; the interactive figures are the library
# compiled to WebAssembly. The pages load nothing from the network: open build/site/index.html.
#
#   bash scripts/site.sh          build the site
#   bash scripts/site.sh deps     only install the npm packages (make test does this first)
#   SITE_OUT=dir                  write elsewhere
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DESCENT_ROOT"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Node.js and npm with apt-get (once)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  command -v node >/dev/null && command -v npm >/dev/null ||
    die "make site needs Node.js and npm (Debian: apt-get install nodejs npm; or from nodejs.org)"
fi

# npm ci only when the lock file changed since the last install.
stamp=site/node_modules/.descent-stamp
want=$(sha256sum site/package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing the site's npm packages (site/package-lock.json)"
  (cd site && npm ci --no-audit --no-fund --loglevel=error)
  printf '%s\n' "$want" > "$stamp"
fi
[ "${1:-}" = deps ] && exit 0

out=${SITE_OUT:-$DESCENT_ROOT/build/site}
start=$(date +%s)
if [ -x site/wasm.sh ]; then
  bash site/wasm.sh "$DESCENT_ROOT/build/site-wasm"
fi
go run ./internal/site/cmd/site -root "$DESCENT_ROOT" -out "$out"
say "site built in $(( $(date +%s) - start )) s: open $out/index.html (it works offline, from file://)"
