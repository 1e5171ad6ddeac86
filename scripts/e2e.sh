#!/usr/bin/env bash
# The browser test (run by 'make e2e' and 'make test'): serves the lessons as 'make notebook' does,
# opens each lesson of internal/e2e/lessons_test.go in headless Chromium, runs all its cells from
# the Cell menu, checks the printed values and the plots on the page, saves a screenshot to
# build/e2e-notebook01.png, checks that requests without the token are refused and that the server's
# log keeps the token secret, and stops the server with SIGTERM, checking that no kernel is left.
#
# Chromium: CHROMIUM=/path/to/chromium, or Debian's /usr/bin/chromium, installed with apt-get when
# missing (as root or with sudo). Where it can be neither found nor installed the test is skipped
# with a message, except under CI=true, where that is a failure.
#
# Arguments go to 'go test' (e.g. -run TestLessonsInBrowser). scripts/image-test.sh runs this against
# the built image: DESCENT_E2E_SERVER (the command that starts the server in place of 'make notebook'),
# DESCENT_E2E_HEALTHCHECK (the image's healthcheck) and DESCENT_E2E_LABEL (the screenshots' prefix).
#
# The test is the Go module internal/e2e, apart from the library's, so that importers of the
# library don't inherit the browser driver (go-rod); 'go test ./...' at the root does not run it.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DESCENT_ROOT"

skip() {
  if [ "${CI:-}" = true ]; then
    die "$1 Under CI=true the browser test may not be skipped."
  fi
  say "SKIPPING the browser test (make e2e): $1"
  exit 0
}

# apt_sudo prints the command prefix that runs apt-get as root ("" when we are root), or fails.
apt_sudo() {
  command -v apt-get >/dev/null 2>&1 || return 1
  if [ "$(id -u)" = 0 ]; then
    printf '\n'
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    printf 'sudo -n\n'
  else
    return 1
  fi
}

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  [ -z "${CHROMIUM:-}" ] || die "CHROMIUM=$CHROMIUM is not an executable file."
  sudo=$(apt_sudo) || skip "Chromium is not installed, and installing it needs apt-get as root or with sudo. Install Debian's chromium package (apt-get install chromium), or set CHROMIUM=/path/to/chromium, then run 'make e2e'."
  say "installing Debian's chromium with apt-get (once; about half a minute)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null \
    || skip "apt-get could not install chromium (see above). Install it yourself, or set CHROMIUM=/path/to/chromium."
  [ -x "$chromium" ] || skip "apt-get installed chromium, but $chromium is missing."
fi
say "browser: $("$chromium" --version 2>/dev/null || echo "$chromium")"

mkdir -p build
cd internal/e2e
go vet ./...
# -count=1: the test talks to a server and a browser, which Go's test cache cannot see.
DESCENT_CHROMIUM=$chromium go test -count=1 -timeout 20m -v "$@" ./...
