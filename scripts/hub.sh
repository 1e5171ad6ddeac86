#!/usr/bin/env bash
# Starts the JupyterHub of a class (run by 'make hub'): every learner logs in with their own
# account and password and gets their own notebook server, running as them, with their own copy of
# the lessons and the Go kernel. The configuration is scripts/hub/jupyterhub_config.py.
#
# Runs as root (PAM checks passwords, LocalProcessSpawner starts servers as the learners). Installs
# Debian's jupyterhub and node-configurable-http-proxy with apt when they are missing, runs
# scripts/setup.sh, fills the learners' shared Go caches, then runs the hub in the foreground.
#
# Environment:
#   PORT=8000               the hub's port (default 8000)
#   IP=127.0.0.1            the address to listen on; anything but loopback is reachable from other machines
#   DESCENT_HUB_ADMIN=NAME  the teacher's local account: the hub's only admin (default: no admin)
#   DESCENT_HUB_STATE, DESCENT_HUB_CACHE, DESCENT_HUB_GROUP   see scripts/hub/common.sh
set -euo pipefail
# shellcheck source=scripts/hub/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/hub/common.sh"
require_root "make hub"

port=${PORT:-8000}
ip=${IP:-127.0.0.1}
case "$port" in ''|*[!0-9]*) die "PORT=$port: a port number from 1 to 65535 is allowed." ;; esac
[ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "PORT=$port: a port number from 1 to 65535 is allowed."
case "$ip" in
  127.*|localhost) ;;
  *) say "WARNING: IP=$ip — the hub will be reachable from other machines, over plain HTTP: passwords and sessions travel unencrypted. Put it behind HTTPS (a reverse proxy with a certificate) before a class uses it from the network." ;;
esac
admin=${DESCENT_HUB_ADMIN:-}
if [ -n "$admin" ]; then
  id "$admin" >/dev/null 2>&1 || die "DESCENT_HUB_ADMIN=$admin: no such local account. The teacher logs in with a local account's password."
  is_learner "$admin" && die "DESCENT_HUB_ADMIN=$admin is a learner (in $DESCENT_HUB_GROUP): the admin must be the teacher's own account."
  [ "$admin" != root ] || die "DESCENT_HUB_ADMIN=root: use a teacher's own account, not root's password on a web form."
fi

# --- JupyterHub, the proxy --------------------------------------------------------------------------
if ! command -v jupyterhub >/dev/null 2>&1 || ! command -v configurable-http-proxy >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || die "JupyterHub 3 and configurable-http-proxy are missing, and there is no apt-get to install them: install them (pip install 'jupyterhub>=3,<4' and npm install -g configurable-http-proxy), then run this again."
  say "installing Debian's jupyterhub and node-configurable-http-proxy with apt-get (once; about a minute)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends jupyterhub node-configurable-http-proxy >/dev/null \
    || die "apt-get could not install jupyterhub and node-configurable-http-proxy (see above)"
fi
hub_version=$(jupyterhub --version 2>/dev/null) || die "jupyterhub is installed but does not run"
say "JupyterHub $hub_version, $(command -v configurable-http-proxy)"
# Debian's proxy finds its Node modules only there under a Node that is not Debian's own.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

# --- the lessons, the kernel, the caches -----------------------------------------------------------
bash "$DESCENT_ROOT/scripts/setup.sh"
say "preparing the learners' shared Go caches in $DESCENT_HUB_CACHE"
hub_prepare
install -d -m 700 "$DESCENT_HUB_STATE"
chmod 700 "$DESCENT_HUB_STATE"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
DESCENT_HUB_IP=$ip
DESCENT_HUB_PORT=$port
DESCENT_HUB_API_PORT=${DESCENT_HUB_API_PORT:-$(free_port)}
DESCENT_PROXY_API_PORT=${DESCENT_PROXY_API_PORT:-$(free_port)}
DESCENT_HUB_ADMIN=$admin
DESCENT_GO=$(command -v go)
export DESCENT_HUB_IP DESCENT_HUB_PORT DESCENT_HUB_API_PORT DESCENT_PROXY_API_PORT DESCENT_HUB_ADMIN DESCENT_GO

host=$ip
case "$ip" in 0.0.0.0|::) host=127.0.0.1 ;; *:*) host="[$ip]" ;; esac
learners=$(getent group "$DESCENT_HUB_GROUP" | cut -d: -f4 | tr ',' ' ') || learners="" # no group before the first learner
cat >&2 <<MSG

  descent class hub: http://$host:$port/

  Learners log in there with their account name and password, and each gets their own server
  with their own copy of the lessons in ~/descent/notebooks (new lessons are copied in at each
  login, their edits are never overwritten).
  Learners now: ${learners:-none yet}

  The teacher:
    add learners    sudo bash scripts/hub/learners.sh add names.txt   (one name a line, or
                    "name password"; generated passwords are printed once: hand them out)
    remove one      sudo bash scripts/hub/learners.sh remove NAME     (keeps their home)
    admin page      ${admin:+http://$host:$port/hub/admin (log in as $admin)}${admin:-none: start with DESCENT_HUB_ADMIN=<your account> for one}
  The hub's database and cookie secret are in $DESCENT_HUB_STATE: logins survive a restart.

  Stop the hub with Ctrl-C in this terminal, or 'kill -TERM $$' from another one: the proxy and
  every learner's server and kernels stop with it; their work stays in their homes.

MSG
cd "$DESCENT_HUB_STATE"
# exec: the hub takes this process's id, so the PID above stops it.
exec jupyterhub -f "$DESCENT_ROOT/scripts/hub/jupyterhub_config.py"
