# The JupyterHub of a class: one source for scripts/hub.sh ('make hub'), its test
# (internal/e2e/hub_test.go) and the README's "A class on JupyterHub", which says how each setting
# maps onto DockerSpawner and Zero to JupyterHub.
#
#   learners     local accounts in the group DESCENT_HUB_GROUP (made by scripts/hub/learners.sh),
#                logged in with their real passwords through PAM; nobody else may log in except
#                the teacher (DESCENT_HUB_ADMIN), the hub's only admin
#   servers      each learner's own classic Notebook server (jupyterhub-singleuser), run as their
#                account by LocalProcessSpawner, rooted at ~/descent/notebooks, Go the default kernel
#   lessons      copied into the learner's home before each start without overwriting their edits,
#                the Go build cache warmed there (scripts/hub/seed.sh)
#   state        the database and the cookie secret in DESCENT_HUB_STATE (mode 700): logins and
#                servers' records survive a restart; the proxy is the hub's child and stops with it
#
# scripts/hub.sh sets the DESCENT_HUB_* variables below; it is the way to start this hub.
import asyncio
import os
import pwd
import grp
import sys

from jupyterhub.auth import PAMAuthenticator


def env(name):
    value = os.environ.get(name)
    if not value:
        sys.exit(f"descent hub: {name} is not set; start the hub with scripts/hub.sh (make hub)")
    return value


root = env("DESCENT_ROOT")
state = env("DESCENT_HUB_STATE")
group = env("DESCENT_HUB_GROUP")
admin = os.environ.get("DESCENT_HUB_ADMIN", "")

c = get_config()  # noqa: F821 (defined by JupyterHub when it loads this file)

# ---- where it listens -------------------------------------------------------------------------
# The public address (the proxy) is the teacher's choice; the hub's API and the proxy's API stay on
# loopback whatever the public address is.
c.JupyterHub.bind_url = f"http://{env('DESCENT_HUB_IP')}:{env('DESCENT_HUB_PORT')}/"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{env('DESCENT_HUB_API_PORT')}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('DESCENT_PROXY_API_PORT')}"
c.ConfigurableHTTPProxy.pid_file = os.path.join(state, "proxy.pid")
# The proxy is started by the hub and stopped with it; so are the learners' servers (their work is
# on disk, and the next login starts a new server).
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.cleanup_servers = True

# ---- state that survives a restart ----------------------------------------------------------------
c.JupyterHub.db_url = "sqlite:///" + os.path.join(state, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(state, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(state, "jupyterhub.pid")


# ---- who may log in ---------------------------------------------------------------------------
class LearnerAuthenticator(PAMAuthenticator):
    """PAM (the accounts' real passwords), for the learners' group and the teacher only.

    The group is read at each login, so learners added while the hub runs can log in at once; any
    other account of the machine, root included, is refused whatever its password.
    """

    def check_allowed(self, username, authentication=None):
        if username in self.admin_users:
            return True
        try:
            members = grp.getgrnam(group).gr_mem
        except KeyError:
            self.log.error("descent hub: no group %s (make it with scripts/hub/learners.sh)", group)
            return False
        return username in members


c.JupyterHub.authenticator_class = LearnerAuthenticator
# Opening a PAM session (utmp, pam_systemd) fails in containers and adds nothing here.
c.PAMAuthenticator.open_sessions = False
c.Authenticator.admin_users = {admin} if admin else set()
# The hub creates no accounts: learners.sh does, so that each has a password the teacher handed out.
c.LocalAuthenticator.create_system_users = False

# ---- each learner's server --------------------------------------------------------------------------
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = ["jupyterhub-singleuser"]
c.Spawner.notebook_dir = "~/descent/notebooks"
c.Spawner.default_url = "/tree"
# A learner's ~/.jupyter cannot change how their server listens or authenticates.
c.Spawner.disable_user_config = True
go = os.path.dirname(os.path.realpath(os.environ.get("DESCENT_GO", "/usr/local/go/bin/go")))
c.Spawner.environment = {
    # Debian's JupyterHub 3.0 wraps the classic Notebook (there is no Jupyter Server in Debian 12).
    "JUPYTERHUB_SINGLEUSER_APP": "notebook.notebookapp.NotebookApp",
    # The repository's kernel registry and Jupyter configuration, as 'make notebook' uses them: the
    # Go kernel is the default for new notebooks (scripts/jupyter/jupyter_config.json). Only a
    # configuration in the learner's home is ignored (disable_user_config).
    "JUPYTER_PATH": os.path.join(root, ".jupyter", "share", "jupyter"),
    "JUPYTER_CONFIG_PATH": os.path.join(root, "scripts", "jupyter"),
    "PATH": f"{root}/bin:{go}:/usr/local/bin:/usr/bin:/bin",
}
# Go: the modules from the class's read-only module cache, never from the network; the build cache
# is the learner's own (~/.cache/go-build), warmed by seed.sh with these same variables
# (learner_goenv in scripts/hub/common.sh).
for line in env("DESCENT_HUB_LEARNER_GOENV").splitlines():
    key, _, value = line.partition("=")
    c.Spawner.environment[key] = value
# Cold caches and many learners starting at once on a small machine take time.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120


async def seed(spawner):
    """Copies new lessons into the learner's home (never over their edits) and warms their cache."""
    name = spawner.user.name
    pwd.getpwnam(name)  # a KeyError here is a clear refusal: no such account
    proc = await asyncio.create_subprocess_exec(
        "bash", os.path.join(root, "scripts", "hub", "seed.sh"), name,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await proc.communicate()
    for line in out.decode(errors="replace").splitlines():
        spawner.log.info("seed %s: %s", name, line)
    if proc.returncode != 0:
        raise RuntimeError(f"seeding the lessons for {name} failed (exit {proc.returncode}); see the hub's log")


c.Spawner.pre_spawn_hook = seed

# ---- the hub's own pages ------------------------------------------------------------------------------
# A learner sees their server, not a list of others; only the teacher has the admin page.
c.JupyterHub.redirect_to_server = True
c.JupyterHub.template_vars = {"announcement_login": "descent lessons: log in with the name and password your teacher gave you."}
