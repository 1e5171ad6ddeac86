#!/usr/bin/env bash
# The image test (run by 'make image-test' and 'make test'): builds docker/Dockerfile as a user's
# 'docker build -f docker/Dockerfile .' does (same file, same context, default target), then runs the
# image's own start command (ENTRYPOINT + CMD) as the image's user inside the built file system and
# points the browser test (internal/e2e) at it: the token opens the lessons and its absence is
# refused, lesson 01 runs all its cells in Chromium with the document's two values, the image's
# HEALTHCHECK command reports healthy while the server runs and unhealthy after, and SIGTERM stops
# the server with no kernel left. Screenshot: build/image-notebook01.png.
#
# Without a Docker engine: buildah builds ('bud --isolation chroot', no daemon, no cgroups) and runs
# commands in the image's file system ('buildah from' + 'buildah run --isolation chroot', the host's
# network, so the server answers on 127.0.0.1). When no registry answers, the base image
# (ARG DEBIAN_IMAGE) is made locally: 'debootstrap --variant=minbase bookworm' imported under the
# Dockerfile's base name, with Debian's apt sources, as a stand-in for the official slim image.
#
# Needs root (buildah's chroot isolation) and apt-get to install buildah, podman and debootstrap when
# they are missing. Where it cannot run it skips with a message, except under CI=true, where that is
# a failure.
#
# Cached, so that a second run is fast: the base's root file system as a tarball in
# $DESCENT_IMAGE_CACHE (default ~/.cache/descent/image; rebuilt after 30 days), the base image and
# buildah's layers in containers-storage (/var/lib/containers). 'make image-test' with
# DESCENT_IMAGE_REBUILD=1 builds every layer afresh.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DESCENT_ROOT"
start=$SECONDS

skip() {
  if [ "${CI:-}" = true ]; then
    die "$1 Under CI=true the image test may not be skipped."
  fi
  say "SKIPPING the image test (make image-test): $1"
  exit 0
}
phase() { say "image-test: $* (at ${SECONDS}s)"; }

[ "$(uname -s)" = Linux ] || skip "it needs Linux (buildah)."
[ "$(id -u)" = 0 ] || skip "it needs root: buildah's chroot isolation builds and runs images as root here. Run it as root (sudo make image-test)."

# --- tools ---------------------------------------------------------------------------------------
missing=()
command -v buildah >/dev/null 2>&1 || missing+=(buildah)
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || skip "${missing[*]} missing and no apt-get to install them."
  phase "installing ${missing[*]} with apt-get (once; about a minute)"
  apt-get update -qq || skip "apt-get update failed (see above)."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    buildah podman debootstrap fuse-overlayfs uidmap >/dev/null \
    || skip "apt-get could not install ${missing[*]} (see above)."
fi
say "image-test: $(buildah --version)"

image=${DESCENT_IMAGE:-localhost/descent:image-test}
cache=${DESCENT_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/descent/image}
work=$(mktemp -d "${TMPDIR:-/tmp}/descent-image-test.XXXXXX")
ctr=""
cleanup() {
  local rc=$?
  if [ -n "$ctr" ]; then buildah rm "$ctr" >/dev/null 2>&1 || say "could not remove the container $ctr: buildah rm $ctr"; fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT

# --- the base image ------------------------------------------------------------------------------
base=$(sed -n 's/^ARG DEBIAN_IMAGE=//p' docker/Dockerfile | head -1)
[ -n "$base" ] || die "docker/Dockerfile has no 'ARG DEBIAN_IMAGE=' line: which base should be made?"
case "$base" in
  */*/*) full=$base ;;
  */*) full=docker.io/$base ;;
  *) full=docker.io/library/$base ;;
esac
if buildah inspect --type image "$full" >/dev/null 2>&1; then
  made=$(buildah inspect --type image --format '{{index .Docker.Config.Labels "org.descent.base"}}' "$full" 2>/dev/null || true)
  say "image-test: base image $full: in containers-storage${made:+ (made locally: $made)}"
elif phase "pulling the base image $full" && buildah pull -q "$full" >"$work/pull.log" 2>&1; then
  say "image-test: base image $full: pulled"
else
  say "image-test: no registry answers ($(tail -1 "$work/pull.log")); making $full locally with debootstrap"
  tarball=$cache/debian-bookworm-minbase.tar
  if [ -s "$tarball" ] && [ -z "$(find "$tarball" -mtime +30)" ]; then
    say "image-test: base root file system: cached in $tarball"
  else
    phase "debootstrap --variant=minbase bookworm (about a minute)"
    mkdir -p "$cache"
    rootfs=$work/rootfs
    mirror=${DESCENT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
    debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed (log above); set DESCENT_DEBIAN_MIRROR to a reachable Debian mirror"; }
    # The apt sources of Debian's official images (bookworm, its updates and security), and no
    # downloaded lists or packages left in the image.
    rm -f "$rootfs/etc/apt/sources.list"
    cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/log/*.log
    tar --numeric-owner -C "$rootfs" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    say "image-test: base root file system: $(du -h "$tarball" | cut -f1) in $tarball"
  fi
  made="debootstrap minbase bookworm, $(date -u -r "$tarball" +%Y-%m-%d)"
  podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    --change "LABEL org.descent.base=\"$made\"" \
    --message "$made (a stand-in for $full: no registry answered)" \
    "$tarball" "$full" >/dev/null || die "podman import of $tarball as $full failed"
  say "image-test: base image $full: imported ($made)"
fi

# --- build ---------------------------------------------------------------------------------------
# As 'docker build -f docker/Dockerfile .' (the repository as the context, .dockerignore applied, the
# default target), in Docker's format so that HEALTHCHECK is kept. --layers caches each step.
layers=(--layers)
[ "${DESCENT_IMAGE_REBUILD:-}" = 1 ] && layers+=(--no-cache)
# The certificate authorities this machine adds to Debian's (a TLS-inspecting proxy's, on machines
# whose only way out is one) are trusted by the build's RUN steps through a read-only mount where Go
# looks for more of them (/etc/pki/tls/certs): the build may download Go and modules through the
# proxy. Nothing of it stays in the image; on a machine without such CAs nothing is mounted.
cas=/usr/local/share/ca-certificates
if compgen -G "$cas/*.crt" >/dev/null; then
  layers+=(--volume "$cas:/etc/pki/tls/certs:ro")
  say "image-test: the build trusts this machine's added CAs too ($(cd "$cas" && echo *.crt))"
fi
phase "building $image from docker/Dockerfile (the first time: several minutes)"
build_start=$SECONDS
before=$(buildah containers -q --all | sort)
# buildah 1.28 leaves the working container of a stage without instructions (the default target
# 'notebook') behind: remove what this build left, and nothing else.
remove_leftovers() {
  comm -13 <(printf '%s\n' "$before") <(buildah containers -q --all | sort) | xargs -r buildah rm >/dev/null || true
}
buildah bud --isolation chroot --format docker "${layers[@]}" --pull=never --force-rm \
  -f docker/Dockerfile -t "$image" . 2>&1 | sed -u 's/^/  build: /' >&2 \
  || { remove_leftovers; die "buildah bud failed: see the build's output above"; }
remove_leftovers
build_secs=$((SECONDS - build_start))
say "image-test: built $image in ${build_secs}s; $(buildah images --format '{{.Size}}' "$image" | head -1)"

# --- run -----------------------------------------------------------------------------------------
# The image's own configuration: user, start command (ENTRYPOINT + CMD) and healthcheck.
config() { buildah inspect --type image --format "$1" "$image"; }
user=$(config '{{.Docker.Config.User}}')
[ -n "$user" ] || die "the image has no USER: it would run as root"
start_cmd=$(config '{{range .Docker.Config.Entrypoint}}{{printf "%q " .}}{{end}}{{range .Docker.Config.Cmd}}{{printf "%q " .}}{{end}}')
health=$(config '{{if .Docker.Config.Healthcheck}}{{range .Docker.Config.Healthcheck.Test}}{{printf "%q " .}}{{end}}{{end}}')
[ -n "$start_cmd" ] || die "the image has no ENTRYPOINT or CMD"
case "$health" in
  '"CMD" '*) health=${health#'"CMD" '} ;;
  '"CMD-SHELL" '*) health="sh -c ${health#'"CMD-SHELL" '}" ;;
  *) die "the image has no HEALTHCHECK CMD (got: ${health:-none}); was it built with --format docker?" ;;
esac
ctr=$(buildah from --pull=never --name "descent-image-test-$$" "$image")
uid=$(buildah run --isolation chroot "$ctr" -- id -u)
say "image-test: container $ctr runs as $user (uid $uid): $start_cmd"
[ "$uid" != 0 ] || die "the image's user $user is root"

# The browser test starts the server with DESCENT_E2E_SERVER in place of 'make notebook', on a free
# port it passes in PORT, and checks DESCENT_E2E_HEALTHCHECK while it runs and after it stopped.
run="buildah run --isolation chroot --env PORT=\"\$PORT\" $ctr --"
export DESCENT_E2E_SERVER="exec $run $start_cmd"
export DESCENT_E2E_HEALTHCHECK="$run $health"
export DESCENT_E2E_LABEL=image
# Stop it as 'docker stop' does: SIGTERM to the entrypoint (the first word of the start command, tini).
DESCENT_E2E_STOP_ANCESTOR=$(config '{{range .Docker.Config.Entrypoint}}{{.}}{{"\n"}}{{end}}{{range .Docker.Config.Cmd}}{{.}}{{"\n"}}{{end}}' | head -1)
export DESCENT_E2E_STOP_ANCESTOR
phase "the browser test against the image"
test_start=$SECONDS
bash scripts/e2e.sh -run TestLessonsInBrowser
say "image-test: passed in $((SECONDS - start))s (build ${build_secs}s, browser test $((SECONDS - test_start))s)"
