# shellcheck shell=bash
# Sourced by the other scripts: where things live, and which Jupyter to use.
# It changes nothing on disk.

DESCENT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DESCENT_BIN="$DESCENT_ROOT/bin"
# The GoNB kernel is registered here, not in the user's ~/.local/share/jupyter.
DESCENT_JUPYTER_DATA="$DESCENT_ROOT/.jupyter/share/jupyter"
DESCENT_VENV="$DESCENT_ROOT/.venv"
export DESCENT_ROOT DESCENT_BIN DESCENT_JUPYTER_DATA

# Jupyter looks for kernels in JUPYTER_PATH before its own data directories.
case ":${JUPYTER_PATH:-}:" in
  *":$DESCENT_JUPYTER_DATA:"*) ;;
  *) export JUPYTER_PATH="$DESCENT_JUPYTER_DATA${JUPYTER_PATH:+:$JUPYTER_PATH}" ;;
esac

say() { printf 'descent: %s\n' "$*" >&2; }
die() { printf 'descent: error: %s\n' "$*" >&2; exit 1; }

# jupyter_python JUPYTER: the interpreter a jupyter launcher runs on (its shebang).
jupyter_python() {
  local line
  IFS= read -r line < "$1" || return 1
  line=${line#\#!}
  # "#!/usr/bin/env python3" -> python3
  case "$line" in
    */env\ *) line=${line##*/env } ;;
  esac
  printf '%s\n' "${line%% *}"
}

# find_jupyter prints the jupyter launcher to use: the project's virtual
# environment first (made by setup when pip was the way), then the one on PATH.
# It succeeds only if that Jupyter has everything the project needs.
find_jupyter() {
  local j py
  for j in "$DESCENT_VENV/bin/jupyter" "$(command -v jupyter 2>/dev/null)" /usr/bin/jupyter; do
    [ -n "$j" ] && [ -x "$j" ] || continue
    py=$(jupyter_python "$j") || continue
    if "$py" -c 'import notebook, nbconvert, nbclient, jupyter_client' >/dev/null 2>&1; then
      printf '%s\n' "$j"
      return 0
    fi
  done
  return 1
}
