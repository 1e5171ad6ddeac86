#!/usr/bin/env bash
# Runs the Jupyter that setup.sh chose, with the repository's kernel registry on JUPYTER_PATH:
#   bash scripts/jupyter.sh nbconvert --to notebook --execute ...
# Exits 127 with a message when no usable Jupyter is installed (run scripts/setup.sh first).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
jupyter=$(find_jupyter) || { say "no usable Jupyter found: run 'bash scripts/setup.sh' (or 'make setup') first"; exit 127; }
exec "$jupyter" "$@"
