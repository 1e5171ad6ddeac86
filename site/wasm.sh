#!/usr/bin/env bash
# Builds the website's interactive figures into DIR (scripts/site.sh calls it): each program under
# site/wasm/ compiled with GOOS=js GOARCH=wasm, gzipped and wrapped in a .js file (a <script> loads
# from file:// where fetch cannot), Go's wasm_exec.js beside them, and each figure's default view
# drawn natively at build time.
set -euo pipefail
out=${1:?usage: site/wasm.sh DIR}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mkdir -p "$out"
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$out/wasm_exec.js"
for dir in site/wasm/*/; do
  name=$(basename "$dir")
  GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o "$out/$name.wasm" "./$dir"
  {
    printf '// %s.wasm (gzip, base64), made by site/wasm.sh from site/wasm/%s.\n' "$name" "$name"
    printf '(window.descentWasm = window.descentWasm || {})[%s] = "' "\"$name\""
    gzip -9 -n -c "$out/$name.wasm" | base64 -w 0
    printf '";\n'
  } > "$out/$name.wasm.js"
done
# What each page shows before the program loads: the sliders' labels, and the figures and texts
# at the notebooks' defaults, drawn natively.
go run ./site/wasm/lessons defaults "$out"
