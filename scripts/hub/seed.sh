#!/usr/bin/env bash
# Readies one learner's home for the lessons (run as root by learners.sh when it makes the account
# and by the hub before each start of their server; a second run changes nothing and takes about a
# second):
#   ~/             mode 700: no other learner can read or write anything in it
#   ~/descent/     the library as the lessons' first cell finds it: links to this repository's
#                  go.mod, go.sum, pkg/ and plotting/ (read-only for the learner)
#   ~/descent/notebooks/   the learner's own copy of the lessons: lessons they do not have yet are
#                  copied in (cp -n), the ones they have, edited or not, are left alone
#   ~/.cache/go-build      their Go build cache, warm for the lessons
#
#   bash scripts/hub/seed.sh NAME
set -euo pipefail
# shellcheck source=scripts/hub/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_root "seeding a learner's lessons"

name=${1:-}
[ -n "$name" ] && [ $# = 1 ] || die "usage: $0 NAME"
is_learner "$name" || die "$name is not in the group $DESCENT_HUB_GROUP: only learners' homes are seeded"
home=$(getent passwd "$name" | cut -d: -f6)
[ -n "$home" ] && [ "$home" != / ] || die "$name has no home directory"
group=$(id -gn "$name")
[ -d "$DESCENT_HUB_LESSONS" ] || die "DESCENT_HUB_LESSONS=$DESCENT_HUB_LESSONS is not a folder"
[ -d "$DESCENT_HUB_CACHE/gocache" ] || die "the learners' caches are not prepared: run 'make hub' (or scripts/hub/learners.sh) first"

install -d -m 700 -o "$name" -g "$group" "$home"
chmod 700 "$home"

# Everything else as the learner, so that what is made is theirs, with no one else's permissions.
as_learner() {
  runuser -u "$name" -- env -i HOME="$home" USER="$name" PATH="$PATH" \
    "${learner_goenv[@]}" GOCACHE="$home/.cache/go-build" DESCENT_MODULE_DIR="$home/descent" "$@"
}
root=$DESCENT_ROOT
as_learner bash -c '
  set -euo pipefail
  umask 077
  mkdir -p "$HOME/descent/notebooks" "$GOCACHE"
  for f in go.mod go.sum pkg plotting; do ln -sfn "$1/$f" "$HOME/descent/$f"; done
  new=$(cp -rnv "$3/." "$HOME/descent/notebooks/" | wc -l)
  [ "$new" = 0 ] || echo "descent: $new new lesson files copied into ~/descent/notebooks"
  # A new cache starts as a copy of the class template (the standard library, gonum, gonum/plot).
  if [ ! -e "$GOCACHE/README" ]; then cp -rn "$2/gocache/." "$GOCACHE/"; fi
' seed "$root" "$DESCENT_HUB_CACHE" "$DESCENT_HUB_LESSONS"
as_learner bash "$root/scripts/warm-cache.sh" || say "WARNING: $name's Go build cache is not warm (see above): their first lesson will compile what it imports"
