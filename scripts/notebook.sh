#!/usr/bin/env bash
# Starts the notebook server for the lessons (run by 'make notebook'):
# set-up first, then Jupyter on 127.0.0.1 with token authentication, rooted at notebooks/.
#
# Environment:
#   PORT=8888          the port (default 8888)
#   IP=127.0.0.1       the address to listen on; anything but loopback is reachable from other machines
#   JUPYTER_TOKEN=...  the token (default: a new random one each start); it cannot be turned off
#
# The token appears once, in the address printed below. The server's own log (stderr) goes through
# a filter that shows it as <token>: the server logs failed requests with their address and referer,
# which may carry it.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

bash "$DESCENT_ROOT/scripts/setup.sh"
jupyter=$(find_jupyter) || die "no usable Jupyter after setup"

port=${PORT:-8888}
ip=${IP:-127.0.0.1}
case "$port" in ''|*[!0-9]*) die "PORT=$port: a port number from 1 to 65535 is allowed." ;; esac
[ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "PORT=$port: a port number from 1 to 65535 is allowed."
case "$ip" in
  127.*|localhost|::1) ;;
  *)
    if [ "${DESCENT_CONTAINER:-}" = 1 ]; then
      say "WARNING: IP=$ip inside the container — the server is reachable wherever the container's port is published; publish it on 127.0.0.1 (-p 127.0.0.1:$port:$port) to keep it on this machine."
    else
      say "WARNING: IP=$ip — the server will be reachable from other machines. Anyone with the token can run code as $(id -un)."
    fi ;;
esac

if [ -z "${JUPYTER_TOKEN:-}" ]; then
  JUPYTER_TOKEN=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
elif [ ${#JUPYTER_TOKEN} -lt 32 ]; then
  say "WARNING: JUPYTER_TOKEN has ${#JUPYTER_TOKEN} characters; anyone who guesses it can run code as $(id -un). Unset it for a random one of 48 hex digits."
fi
export JUPYTER_TOKEN

args=(notebook --no-browser --ip="$ip" --port="$port" --notebook-dir="$DESCENT_ROOT/notebooks")
if [ "$(id -u)" = 0 ]; then
  args+=(--allow-root)
  say "running as root (as in a container); the notebook server needs --allow-root for that"
fi

host=$ip
case "$ip" in 0.0.0.0|::) host=127.0.0.1 ;; *:*) host="[$ip]" ;; esac
cat >&2 <<MSG

  descent lessons: http://$host:$port/tree?token=$JUPYTER_TOKEN

  Open that address in a browser. Stop the server with Ctrl-C (twice) in this terminal,
  or 'kill -TERM $$' from another one; its Go kernels stop with it.

MSG
# mask_token copies the server's log to stderr with the token shown as <token>. Ctrl-C and SIGTERM
# are for the server: the filter ignores them and ends when the server's log closes.
mask_token() {
  trap '' INT TERM
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    printf '%s\n' "${line//"$JUPYTER_TOKEN"/<token>}" || true
  done
}

# exec: the server takes this process's id, so the PID above stops it, and its exit status is
# this script's.
exec "$jupyter" "${args[@]}" 2> >(mask_token >&2)
