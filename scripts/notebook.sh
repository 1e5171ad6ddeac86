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

# The lessons' Jupyter configuration (scripts/jupyter/jupyter_config.json: the Go kernel is the
# default) comes first; a user's own ~/.jupyter comes after it.
export JUPYTER_CONFIG_PATH="$DESCENT_ROOT/scripts/jupyter${JUPYTER_CONFIG_PATH:+:$JUPYTER_CONFIG_PATH}"

args=(notebook --no-browser --ip="$ip" --port="$port" --notebook-dir="$DESCENT_ROOT/notebooks")
if [ "$(id -u)" = 0 ]; then
  args+=(--allow-root)
  say "running as root (as in a container); the notebook server needs --allow-root for that"
fi

# query_escape prints $1 percent-encoded for a URL's query: a token of one's own may hold
# characters an address cannot carry. Byte by byte (LC_ALL=C), so UTF-8 comes out as %XX%XX.
query_escape() {
  local LC_ALL=C c out=""
  while IFS= read -r -n1 -d '' c; do
    case "$c" in
      [A-Za-z0-9._~-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done < <(printf '%s' "$1")
  printf '%s\n' "$out"
}

host=$ip
case "$ip" in 0.0.0.0|::) host=127.0.0.1 ;; *:*) host="[$ip]" ;; esac
cat >&2 <<MSG

  descent lessons: http://$host:$port/tree?token=$(query_escape "$JUPYTER_TOKEN")

  Open that address in a browser. Stop the server with Ctrl-C (twice) in this terminal,
  or 'kill -TERM $$' from another one; its Go kernels stop with it.

MSG
# The server's log goes to stderr through scripts/mask-token.py, on the Python that runs Jupyter: it
# shows the token as <token> in every spelling the server accepts (percent-escaped in any mix, up to
# three levels deep, as in a referer) and masks the value of every token= parameter. Ctrl-C and SIGTERM
# are for the server: the filter ignores them and ends when the server's log closes.
# (The token reaches it in the environment, never on a command line, which any local user can read.)
python=$(jupyter_python "$jupyter") || die "cannot tell which Python runs $jupyter"
mask=("$python" "$DESCENT_ROOT/scripts/mask-token.py")
"${mask[@]}" </dev/null || die "the log filter scripts/mask-token.py does not run on $python"

# exec: the server takes this process's id, so the PID above stops it, and its exit status is
# this script's.
exec "$jupyter" "${args[@]}" 2> >(trap '' INT TERM; exec "${mask[@]}" >&2)
