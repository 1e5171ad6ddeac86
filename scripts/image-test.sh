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
ctrs=()
cleanup() {
  local rc=$? c
  for c in "${ctrs[@]}"; do
    buildah rm "$c" >/dev/null 2>&1 || say "could not remove the container $c: buildah rm $c"
  done
  # An interrupted debootstrap may leave /proc or /sys mounted in its root file system.
  if grep -qF " $work/" /proc/mounts; then umount -R "$work/rootfs" 2>/dev/null || umount -lR "$work/rootfs" || true; fi
  rm -rf --one-file-system "$work"
  exit "$rc"
}
trap cleanup EXIT

# --- the base image ------------------------------------------------------------------------------
base=$(sed -n 's/^ARG DEBIAN_IMAGE=//p' docker/Dockerfile | sed -n 1p)
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
  tarball=$cache/debian-bookworm-minbase-slim.tar
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
    # What makes Debian's images "slim" (debuerreotype --slimify): no documentation, manual pages or
    # translations, now or from packages installed later (copyright files stay).
    cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'SLIM'
# The "slim" variant of the Debian base image (as debuerreotype --slimify makes it).
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
SLIM
    find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
    rm -rf "$rootfs"/usr/share/{groff,info,linda,lintian/overrides,locale,man}/*
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
# As 'docker build -f docker/Dockerfile .' (the repository as the context, .dockerignore applied), in
# Docker's format so that HEALTHCHECK is kept. --layers caches each step.
opts=(--isolation chroot --format docker --layers --pull=never --force-rm -f docker/Dockerfile)
[ "${DESCENT_IMAGE_REBUILD:-}" = 1 ] && opts+=(--no-cache)
# The certificate authorities this machine adds to Debian's (a TLS-inspecting proxy's, on machines
# whose only way out is one) are trusted by the build's RUN steps through a read-only mount where Go
# looks for more of them (/etc/pki/tls/certs): the build may download Go and modules through the
# proxy. Nothing of it stays in the image; on a machine without such CAs nothing is mounted.
cas=/usr/local/share/ca-certificates
if compgen -G "$cas/*.crt" >/dev/null; then
  opts+=(--volume "$cas:/etc/pki/tls/certs:ro")
  say "image-test: the build trusts this machine's added CAs too ($(cd "$cas" && echo *.crt))"
fi

# build TAG [--target T]: builds the image; prints nothing, says how long it took.
build() {
  local tag=$1 before t0=$SECONDS
  shift
  # buildah 1.28 leaves the working container of a stage without instructions behind: remove what
  # this build left, and nothing else.
  before=$(buildah containers -q --all | sort)
  phase "building $tag from docker/Dockerfile $* (the first time: several minutes)"
  local rc
  set +e
  buildah bud "${opts[@]}" "$@" -t "$tag" . 2>&1 | sed -u "s/^/  build: /" >&2
  rc=${PIPESTATUS[0]}
  set -e
  comm -13 <(printf '%s\n' "$before") <(buildah containers -q --all | sort) | xargs -r buildah rm >/dev/null || true
  [ "$rc" = 0 ] || die "buildah bud $* failed: see the build's output above"
  say "image-test: built $tag in $((SECONDS - t0))s; $(buildah images --format '{{.Size}}' "$tag" | sed -n 1p)"
}

# container IMAGE: makes a container of IMAGE and sets, from the image's own configuration:
#   run      the command prefix that runs a command in it, with PORT and the given variables
#   start_cmd  its start command (ENTRYPOINT + CMD), entry the entrypoint's first word
#   health   its HEALTHCHECK command
container() {
  local img=$1 user uid ctr v
  shift
  config() { buildah inspect --type image --format "$1" "$img"; }
  user=$(config '{{.Docker.Config.User}}')
  [ -n "$user" ] || die "$img has no USER: it would run as root"
  start_cmd=$(config '{{range .Docker.Config.Entrypoint}}{{printf "%q " .}}{{end}}{{range .Docker.Config.Cmd}}{{printf "%q " .}}{{end}}')
  [ -n "$start_cmd" ] || die "$img has no ENTRYPOINT or CMD"
  entry=$(config '{{range .Docker.Config.Entrypoint}}{{.}}{{"\n"}}{{end}}{{range .Docker.Config.Cmd}}{{.}}{{"\n"}}{{end}}' | sed -n 1p)
  health=$(config '{{if .Docker.Config.Healthcheck}}{{range .Docker.Config.Healthcheck.Test}}{{printf "%q " .}}{{end}}{{end}}')
  case "$health" in
    '"CMD" '*) health=${health#'"CMD" '} ;;
    '"CMD-SHELL" '*) health="sh -c ${health#'"CMD-SHELL" '}" ;;
    *) die "$img has no HEALTHCHECK CMD (got: ${health:-none}); was it built with --format docker?" ;;
  esac
  ctr=$(buildah from --pull=never --name "descent-image-test-$$-${#ctrs[@]}" "$img")
  ctrs+=("$ctr")
  uid=$(buildah run --isolation chroot "$ctr" -- id -u)
  [ "$uid" != 0 ] || die "the user $user of $img is root"
  say "image-test: container $ctr of $img runs as $user (uid $uid): $start_cmd"
  run="buildah run --isolation chroot --env PORT=\"\$PORT\""
  for v in "$@"; do run+=" --env $v=\"\$$v\""; done
  run+=" $ctr --"
}

build_start=$SECONDS
build "$image"
build_secs=$((SECONDS - build_start))

# --- the image: the browser test -----------------------------------------------------------------
# The browser test starts the server with DESCENT_E2E_SERVER in place of 'make notebook', on a free
# port it passes in PORT, checks DESCENT_E2E_HEALTHCHECK while it runs and after it stopped, and
# stops it as 'docker stop' does: SIGTERM to the entrypoint (tini), DESCENT_E2E_STOP_ANCESTOR.
container "$image"
export DESCENT_E2E_SERVER="exec $run $start_cmd"
export DESCENT_E2E_HEALTHCHECK="$run $health"
export DESCENT_E2E_LABEL=image
export DESCENT_E2E_STOP_ANCESTOR=$entry
phase "the browser test against $image"
test_start=$SECONDS
bash scripts/e2e.sh -run TestLessonsInBrowser
test_secs=$((SECONDS - test_start))

# --- the hub target: its single-user server, without a hub ---------------------------------------
hub_image=${DESCENT_HUB_IMAGE:-localhost/descent-hub:image-test}
hub_start=$SECONDS
build "$hub_image" --target hub
container "$hub_image" JUPYTERHUB_API_TOKEN JUPYTERHUB_API_URL JUPYTERHUB_BASE_URL JUPYTERHUB_CLIENT_ID \
  JUPYTERHUB_HOST JUPYTERHUB_OAUTH_CALLBACK_URL JUPYTERHUB_OAUTH_ACCESS_SCOPES JUPYTERHUB_SERVICE_PREFIX \
  JUPYTERHUB_SERVICE_URL JUPYTERHUB_USER
export DESCENT_E2E_HUB_SERVER="exec $run $start_cmd"
export DESCENT_E2E_HUB_HEALTHCHECK="$run $health"
export DESCENT_E2E_STOP_ANCESTOR=$entry
phase "the single-user server of $hub_image, with a stand-in for the hub's API"
bash scripts/e2e.sh -run TestHubSingleUser
hub_secs=$((SECONDS - hub_start))

say "image-test: passed in $((SECONDS - start))s (image build ${build_secs}s, browser test ${test_secs}s, hub image build and test ${hub_secs}s)"
