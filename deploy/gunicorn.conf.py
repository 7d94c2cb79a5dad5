"""Gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py newsdesk.wsgi`."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Page rendering is CPU-bound Python: one process per core, plus one to cover I/O waits.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
graceful_timeout = 20
keepalive = 5
# Load Django and Wagtail once, in the master, and fork workers from it. Each worker used to import the whole
# application itself: seconds of CPU per start, and with max_requests that start recurs every few thousand requests
# per worker (every few seconds under load), taking that CPU from the requests being served. Forked from a loaded
# master, a new worker costs a fork. A code change then needs a restart of the service, not a HUP.
preload_app = True
# Recycle workers, so that a slow leak in any library cannot grow without bound; cheap with preload_app.
max_requests = 5000
max_requests_jitter = 500
# nginx in front writes the access log (deploy/nginx/newsdesk.conf: JSON lines with the request id it hands the
# app). A second log line per request here would cost the app CPU on every request; GUNICORN_ACCESS_LOG=- turns it
# on, for running without nginx.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """In the master, once the application is loaded and before the first fork: close any database connection the
    loading opened (a forked worker must never share its parent's socket), and keep what was loaded out of the
    garbage collector's way, which also spares the copy-on-write pages that a collection would touch in each
    worker."""
    if not server.cfg.preload_app:  # the master holds no application (GUNICORN_CMD_ARGS=--no-preload, say)
        return
    import gc

    from django.db import connections

    connections.close_all()
    gc.freeze()


def post_worker_init(worker):
    """Hide what the worker loaded at start-up (Django, Wagtail, the URL and template machinery) from the garbage
    collector: its full collections then scan only what requests create, not the whole application."""
    import gc

    gc.freeze()
