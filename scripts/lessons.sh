#!/usr/bin/env bash
# Executes every notebook under notebooks/ in a fresh kernel and writes the executed copies to
# build/lessons/*.ipynb and HTML copies (images embedded) to build/lessons/*.html.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
out="$DESCENT_ROOT/build/lessons"
mkdir -p "$out"
# LaTeX in the HTML copies renders with MathJax from a public CDN, so the files work off this machine.
mathjax="https://cdn.jsdelivr.net/npm/mathjax@2.7.9/MathJax.js?config=TeX-AMS_HTML"
shopt -s nullglob
nbs=("$DESCENT_ROOT"/notebooks/*.ipynb)
[ ${#nbs[@]} -gt 0 ] || die "no notebooks in $DESCENT_ROOT/notebooks"
for nb in "${nbs[@]}"; do
  name=$(basename "$nb" .ipynb)
  say "executing $name"
  bash "$DESCENT_ROOT/scripts/jupyter.sh" nbconvert --log-level=WARN --to notebook --execute \
    --ExecutePreprocessor.timeout=600 --output-dir "$out" "$nb"
  bash "$DESCENT_ROOT/scripts/jupyter.sh" nbconvert --log-level=WARN --to html \
    --HTMLExporter.mathjax_url="$mathjax" --output-dir "$out" "$out/$name.ipynb"
done
say "wrote ${#nbs[@]} notebook(s) and their HTML copies to $out"
