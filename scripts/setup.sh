#!/usr/bin/env bash
# Sets up everything the notebooks and the tests need, and nothing twice:
#   1. Jupyter (notebook server, nbconvert, nbclient, jupyter_client), only when missing:
#      from apt on Debian/Ubuntu when we are root or have sudo, otherwise with pip into .venv/;
#   2. the GoNB kernel and its helpers (gonb, goimports, gopls), built from the versions pinned
#      in tools/go.mod into bin/;
#   3. the Go build cache filled with what the lessons import (scripts/warm-cache.sh);
#   4. the GoNB kernel registered in .jupyter/ inside the repository (your own kernels stay untouched),
#      with a PATH that finds go, goimports and gopls however Jupyter is started.
# The Makefile, .ci/run and docker/Dockerfile all run this script.
#
# Environment:
#   DESCENT_JUPYTER_INSTALL=auto|apt|pip|none   how to install Jupyter when missing (default auto)
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DESCENT_ROOT"
start=$SECONDS

# --- Go ----------------------------------------------------------------------------------------------
command -v go >/dev/null 2>&1 || die "Go is not on PATH. Install Go 1.26 or newer (https://go.dev/dl/) and run this again."
go_version=$(go env GOVERSION)
case "$go_version" in
  go1.2[6-9]*|go1.[3-9][0-9]*|go[2-9]*) ;;
  *) die "Go 1.26 or newer is needed; 'go' on PATH is $go_version." ;;
esac

# --- Jupyter -------------------------------------------------------------------------------------------
install_jupyter_apt() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo -n"; fi
  say "installing Jupyter from apt: jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel >/dev/null
}

install_jupyter_pip() {
  local py
  py=$(command -v python3 || true)
  [ -n "$py" ] || return 1
  say "installing Jupyter with pip into $DESCENT_VENV"
  [ -x "$DESCENT_VENV/bin/python" ] || "$py" -m venv "$DESCENT_VENV" || return 1
  "$DESCENT_VENV/bin/python" -m pip install --quiet --upgrade pip || return 1
  "$DESCENT_VENV/bin/python" -m pip install --quiet 'notebook>=6.5.2' nbconvert nbclient jupyter_client
}

can_apt() {
  command -v apt-get >/dev/null 2>&1 || return 1
  [ "$(id -u)" = 0 ] && return 0
  command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null
}

if jupyter=$(find_jupyter); then
  say "Jupyter: found $jupyter"
else
  how=${DESCENT_JUPYTER_INSTALL:-auto}
  case "$how" in
    auto) if can_apt; then how=apt; else how=pip; fi ;;
    apt|pip) ;;
    none) die "Jupyter is missing and DESCENT_JUPYTER_INSTALL=none. Install notebook, nbconvert, nbclient and jupyter_client yourself." ;;
    *) die "DESCENT_JUPYTER_INSTALL=$how: allowed values are auto, apt, pip and none." ;;
  esac
  case "$how" in
    apt) install_jupyter_apt || die "apt-get could not install Jupyter. Try: DESCENT_JUPYTER_INSTALL=pip $0" ;;
    pip) install_jupyter_pip || die "pip could not install Jupyter into $DESCENT_VENV. Install python3 with venv and pip (Debian: apt-get install python3-venv), or install Jupyter yourself (notebook, nbconvert, nbclient, jupyter_client), then run this again." ;;
  esac
  jupyter=$(find_jupyter) || die "Jupyter was installed but is not usable; see the messages above."
  say "Jupyter: installed $jupyter"
fi

# --- GoNB, goimports, gopls ------------------------------------------------------------------------------
tools_stamp="$go_version $(cat tools/go.mod tools/go.sum | cksum)"
if [ -x bin/gonb ] && [ -x bin/goimports ] && [ -x bin/gopls ] && [ "$(cat bin/.tools-stamp 2>/dev/null)" = "$tools_stamp" ]; then
  say "gonb, goimports, gopls: up to date in bin/"
else
  say "building gonb, goimports and gopls (pinned in tools/go.mod) into bin/ — about a minute the first time"
  mkdir -p bin
  (cd tools && go build -o ../bin/ github.com/janpfeifer/gonb golang.org/x/tools/cmd/goimports golang.org/x/tools/gopls)
  printf '%s\n' "$tools_stamp" > bin/.tools-stamp
fi

# The library's own modules, so that notebook cells build without asking the network.
go mod download

# What the lessons import, compiled into the Go build cache, so that the first lesson on a new
# machine does not compile gonum/plot and the standard library in its first cells.
# A lesson whose imports do not build shows its error when run; setup goes on without the warm-up.
bash "$DESCENT_ROOT/scripts/warm-cache.sh" || say "WARNING: the Go build cache is not warm (see above): the first lesson will compile what it imports"

# --- the kernel ---------------------------------------------------------------------------------------------
kernel_json="$DESCENT_JUPYTER_DATA/kernels/gonb/kernel.json"
kernel_path="$DESCENT_BIN:$(dirname "$(command -v go)"):/usr/local/bin:/usr/bin:/bin"
if [ -f "$kernel_json" ] && grep -qF "\"$DESCENT_BIN/gonb\"" "$kernel_json" && grep -qF "\"PATH\":\"$kernel_path\"" "$kernel_json"; then
  say "GoNB kernel: registered in $DESCENT_JUPYTER_DATA"
else
  say "registering the GoNB kernel in $DESCENT_JUPYTER_DATA (your own Jupyter kernels are not touched)"
  mkdir -p "$DESCENT_JUPYTER_DATA"
  # Run it as ./gonb: given a path under /tmp or a cache directory, gonb would copy itself into the
  # kernel directory instead of pointing the kernel at bin/gonb.
  (cd "$DESCENT_BIN" && PATH="$kernel_path" JUPYTER_DATA_DIR="$DESCENT_JUPYTER_DATA" ./gonb --install --logtostderr=false >/dev/null 2>&1) \
    || die "gonb --install failed; run: PATH=$kernel_path JUPYTER_DATA_DIR=$DESCENT_JUPYTER_DATA $DESCENT_BIN/gonb --install"
  # gonb writes "env":{}; give the kernel a PATH of its own so it finds go, goimports and gopls.
  sed -i "s|\"env\":{}|\"env\":{\"PATH\":\"$kernel_path\"}|" "$kernel_json"
  grep -qF "\"PATH\":\"$kernel_path\"" "$kernel_json" || die "could not set the kernel's PATH in $kernel_json"
fi

# --- the lessons, trusted -----------------------------------------------------------------------------------
# Notebook 6 shows a saved notebook's HTML outputs stripped of their styles and scripts until the notebook is
# trusted. The lessons are ours: sign them (into Jupyter's signature database in your Jupyter data directory).
# A notebook's signature covers its outputs, so this runs every time, after a re-executed lesson too. It is
# `jupyter trust`, run as nbformat's module: Debian's packages do not install the jupyter-trust command.
if "$(jupyter_python "$jupyter")" -m nbformat.sign notebooks/*.ipynb >/dev/null 2>&1; then
  say "lessons: trusted (jupyter trust)"
else
  say "could not mark the lessons trusted (jupyter trust): their saved HTML outputs show without styles"
fi

say "ready in $((SECONDS - start))s"
