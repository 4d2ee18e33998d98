"""Gunicorn settings for Commissioning Hub: `gunicorn -c deploy/gunicorn.conf.py`.

The web processes sit behind a reverse proxy (deploy/nginx/commissioning-hub.conf) that terminates TLS. Each
setting below can be changed with the environment variable named beside it, so one file serves every node."""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"

# Listen on the loopback interface when the proxy is on the same host; on a web node behind a separate proxy or
# load balancer, bind the node's private address (for example 10.0.1.11:8000) and firewall it to the proxy.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: two per core plus one. Reports (PDF, Excel, charts) are CPU-bound, so more threads do not help.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))

# A board pack PDF can take tens of seconds; anything slower belongs in a background job.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5

# Recycle workers now and then so that a slow leak never grows; the jitter stops them restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100

# Load the application once, before forking: faster start, shared memory, and an import error stops the start.
preload_app = True

# The proxy's addresses: only from them are X-Forwarded-* headers believed.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Worker heartbeat files: the system's temporary folder unless set (on a host whose /tmp is a slow disk, use a
# memory file system such as /dev/shm).
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR")

# Logs to stdout and stderr, for journald. The access log records the time taken (%(L)s seconds).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(L)ss "%(f)s" "%(a)s"'
proc_name = "commissioning-hub"

# systemd starts, reloads and stops the service, so gunicorn's own control socket (in the home folder, one per
# user) stays off; set GUNICORN_CONTROL_SOCKET to a path to have it.
control_socket_disable = "GUNICORN_CONTROL_SOCKET" not in os.environ
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]


def when_ready(server):
    """Load the code of every page once in the master, before forking, and freeze it out of garbage collection
    (commissioning/core/startup.py): the workers answer their first request at once (loading it takes seconds),
    share that memory, and no request waits while a collection walks it."""
    if not server.cfg.preload_app:
        return
    from django.db import connections

    from commissioning.core.startup import load_before_serving

    load_before_serving()
    connections.close_all()  # no connection opened here may be shared with the forked workers
