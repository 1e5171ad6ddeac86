#!/usr/bin/env bash
# The learners of the class: local accounts in the group DESCENT_HUB_GROUP (default
# descent-learners), the only accounts besides the teacher that the hub lets in.
#
#   bash scripts/hub/learners.sh add FILE          one learner a line: "name" or "name password"
#   bash scripts/hub/learners.sh add NAME...       the same, from the command line (passwords generated)
#   bash scripts/hub/learners.sh list
#   bash scripts/hub/learners.sh remove [--delete-home] NAME...
#
# add makes each account (no login shell, home mode 700), sets its password (the teacher's, or a
# new random one, printed once on stdout as "name password" — hand them out, they are stored
# nowhere else), copies the lessons into its home and warms its Go build cache. A learner who
# already exists keeps their password unless the file gives one. Names of accounts that exist
# outside the group (root, a teacher, a service) are refused.
#
# remove takes an account out of the class and deletes it; its home (the learner's work) is kept
# unless --delete-home is given.
set -euo pipefail
# shellcheck source=scripts/hub/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() { die "usage: $0 add FILE | add NAME... | list | remove [--delete-home] NAME..."; }

new_password() {
  # 16 letters and digits without look-alikes (0/O, 1/l/I): about 90 bits.
  local p
  p=$(tr -dc 'abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789' < /dev/urandom | head -c 16) || true
  [ ${#p} = 16 ] || die "could not generate a password"
  printf '%s\n' "$p"
}

add() {
  [ $# -ge 1 ] || usage
  local lines=()
  if [ $# = 1 ] && [ -f "$1" ]; then
    mapfile -t lines < <(sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$1" | grep -v '^$')
  else
    lines=("$@")
  fi
  [ ${#lines[@]} -gt 0 ] || die "no learners given"
  local line name password
  # Check every line before changing anything.
  for line in "${lines[@]}"; do
    read -r name password _ <<<"$line"
    valid_name "$name" || die "'$name' is not a valid account name (lower-case letters, digits, - and _, starting with a letter, at most 32)"
    if id "$name" >/dev/null 2>&1 && ! is_learner "$name"; then
      die "an account '$name' exists and is not a learner (not in $DESCENT_HUB_GROUP): choose another name"
    fi
  done
  getent group "$DESCENT_HUB_GROUP" >/dev/null || { groupadd "$DESCENT_HUB_GROUP"; say "made the group $DESCENT_HUB_GROUP"; }
  say "preparing the learners' shared Go caches in $DESCENT_HUB_CACHE"
  hub_prepare
  local made=()
  for line in "${lines[@]}"; do
    read -r name password _ <<<"$line"
    generated=false
    if id "$name" >/dev/null 2>&1; then
      say "$name: already a learner${password:+; setting the password given}"
    else
      useradd --create-home --shell /usr/sbin/nologin --user-group --groups "$DESCENT_HUB_GROUP" "$name"
      say "$name: account made"
      if [ -z "$password" ]; then password=$(new_password); generated=true; fi
    fi
    if [ -n "$password" ]; then
      printf '%s:%s\n' "$name" "$password" | chpasswd || die "could not set the password of $name"
      if $generated; then made+=("$name $password"); fi
    fi
    say "$name: seeding the lessons and warming the Go build cache"
    bash "$DESCENT_ROOT/scripts/hub/seed.sh" "$name"
  done
  if [ ${#made[@]} -gt 0 ]; then
    say "generated passwords (shown this once; stored nowhere else):"
    printf '%s\n' "${made[@]}"
  fi
}

list() {
  getent group "$DESCENT_HUB_GROUP" | cut -d: -f4 | tr ',' '\n' | grep -v '^$' || true
}

remove() {
  local delete_home=false
  if [ "${1:-}" = --delete-home ]; then delete_home=true; shift; fi
  [ $# -ge 1 ] || usage
  local name
  for name in "$@"; do
    is_learner "$name" || die "$name is not a learner (not in $DESCENT_HUB_GROUP); nothing removed"
  done
  for name in "$@"; do
    if $delete_home; then
      userdel --remove "$name" 2>/dev/null || userdel --remove --force "$name" || die "could not delete $name"
      say "$name: account and home deleted"
    else
      userdel "$name" 2>/dev/null || userdel --force "$name" || die "could not delete $name"
      say "$name: account deleted; the home with their work is kept"
    fi
  done
}

require_root "scripts/hub/learners.sh"
cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  add) add "$@" ;;
  list) list ;;
  remove) remove "$@" ;;
  *) usage ;;
esac
