"""Docker HEALTHCHECK of the descent image: healthy while the notebook server answers on its port.

The server's /api answers without the token (with its version only), so the check needs no secret.
Under JupyterHub the server listens where JUPYTERHUB_SERVICE_URL says, under the user's prefix.
"""
import os
import sys
import urllib.parse
import urllib.request

url = os.environ.get("JUPYTERHUB_SERVICE_URL") or "http://127.0.0.1:%s/" % os.environ.get("PORT", "8888")
parts = urllib.parse.urlsplit(url)
probe = "http://127.0.0.1:%d%sapi" % (parts.port or 8888, parts.path.rstrip("/") + "/")
try:
    with urllib.request.urlopen(probe, timeout=4) as resp:
        sys.exit(0 if resp.status == 200 else 1)
except Exception as err:  # any failure is "unhealthy"; say why in 'docker inspect'
    print("%s: %s" % (probe, err), file=sys.stderr)
    sys.exit(1)
