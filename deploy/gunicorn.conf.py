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
max_requests = 5000
max_requests_jitter = 500
# nginx in front writes the access log (deploy/nginx/newsdesk.conf: JSON lines with the request id it hands the
# app). A second log line per request here would cost the app CPU on every request; GUNICORN_ACCESS_LOG=- turns it
# on, for running without nginx.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Hide what the worker loaded at start-up (Django, Wagtail, the URL and template machinery) from the garbage
    collector: its full collections then scan only what requests create, not the whole application."""
    import gc

    gc.freeze()
