# shellcheck shell=bash
# Sourced by scripts/hub.sh and the scripts in scripts/hub/: where the class's hub keeps things,
# and the Go environment of every learner. It changes nothing on disk.
#
#   DESCENT_HUB_STATE=/var/lib/descent-hub    the hub's database and cookie secret (mode 700)
#   DESCENT_HUB_CACHE=/var/cache/descent-hub  the read-only Go module cache all learners share, and
#                                             a warm Go build cache copied into each new learner's
#   DESCENT_HUB_GROUP=descent-learners        the learners' group: who may log in
#   DESCENT_HUB_LESSONS=<repo>/notebooks      the lessons copied into each learner's home
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"

DESCENT_HUB_STATE=${DESCENT_HUB_STATE:-/var/lib/descent-hub}
DESCENT_HUB_CACHE=${DESCENT_HUB_CACHE:-/var/cache/descent-hub}
DESCENT_HUB_GROUP=${DESCENT_HUB_GROUP:-descent-learners}
DESCENT_HUB_LESSONS=${DESCENT_HUB_LESSONS:-$DESCENT_ROOT/notebooks}
export DESCENT_HUB_STATE DESCENT_HUB_CACHE DESCENT_HUB_GROUP DESCENT_HUB_LESSONS

# The Go environment of a learner's kernel and of the warm-up run for them: modules from the shared
# cache and never from the network (a missing one is an error, not a download), their own build
# cache (~/.cache/go-build, Go's default). jupyterhub_config.py passes these to every server.
learner_goenv=(
  "GOMODCACHE=$DESCENT_HUB_CACHE/gomod"
  "GOPROXY=off"
  "GOFLAGS=-mod=readonly -buildvcs=false"
  "GOTOOLCHAIN=local"
  "GOTELEMETRY=off"
)
DESCENT_HUB_LEARNER_GOENV=$(printf '%s\n' "${learner_goenv[@]}")
export DESCENT_HUB_LEARNER_GOENV

require_root() {
  [ "$(id -u)" = 0 ] || die "$1 needs root: it makes accounts and runs servers as them (PAM, LocalProcessSpawner). Run it with sudo."
}

# valid_name NAME: a learner's account name (letters, digits, - and _, starting with a letter).
valid_name() {
  [[ $1 =~ ^[a-z][a-z0-9_-]{0,31}$ ]]
}

# is_learner NAME: NAME is an account in the learners' group.
is_learner() {
  local members
  members=$(getent group "$DESCENT_HUB_GROUP" | cut -d: -f4) || return 1
  [[ ,$members, == *",$1,"* ]]
}

# hub_prepare fills the shared caches (once; a second call takes about a second):
#   gomod/       the modules the library needs, from this machine's module cache (or its GOPROXY),
#                read-only and readable by every learner;
#   module/      a stand-in for a learner's ~/descent (the same links), to build from;
#   gocache/     a Go build cache warmed for the lessons from there: a new learner's cache starts as
#                a copy of it, so only the library's own packages are compiled for them (the Go
#                build cache keys packages by their source directory).
hub_prepare() {
  local cache=$DESCENT_HUB_CACHE
  install -d -m 755 "$cache" "$cache/gomod" "$cache/module"
  local rootmod
  rootmod=$(cd "$DESCENT_ROOT" && go env GOMODCACHE)
  (cd "$DESCENT_ROOT" &&
    GOMODCACHE="$cache/gomod" GOFLAGS=-mod=readonly \
    GOPROXY="file://$rootmod/cache/download,$(go env GOPROXY)" \
    go mod download) || die "could not fill the learners' module cache $cache/gomod"
  link_library "$cache/module"
  # The template's lessons are exactly the current ones (learners' copies are never replaced).
  rm -rf "$cache/module/notebooks"
  install -d -m 755 "$cache/module/notebooks"
  cp -r "$DESCENT_HUB_LESSONS/." "$cache/module/notebooks/"
  (export "${learner_goenv[@]}" GOCACHE="$cache/gocache" DESCENT_MODULE_DIR="$cache/module"
   bash "$DESCENT_ROOT/scripts/warm-cache.sh") || say "WARNING: the learners' template build cache $cache/gocache is not warm (see above): first lessons will compile what they import"
  install -d -m 755 "$cache/gocache"
  chmod -R a+rX "$cache/gocache"
}

# link_library DIR: makes DIR the library's module as the lessons' first cell finds it (the folder
# above the notebooks): links to this repository's go.mod, go.sum and packages, read-only for learners.
link_library() {
  local d=$1 f
  for f in go.mod go.sum pkg plotting; do
    ln -sfn "$DESCENT_ROOT/$f" "$d/$f"
  done
}
