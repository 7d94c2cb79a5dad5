"""The health probe of load balancers and Varnish: can this app server answer readers right now?"""

from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import FileSystemFinder
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import Error as DatabaseFault
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response
from django_tasks_db.models import DBTaskResult

HEALTH_PATH = "/healthz"
HEALTHY = "ok"
DATABASE_UNAVAILABLE = "database unavailable"
STATIC_MANIFEST_UNREADABLE = "static files manifest unreadable: run collectstatic on this server"
STATIC_NOT_COLLECTED = "static file {name} not collected: run collectstatic on this server"
STATIC_FILE_MISSING = "collected static file {name} is missing: run collectstatic on this server"
WORKER_HEARTBEAT_TASK = "newsdesk.core.tasks.worker_heartbeat"
WORKER_ALIVE = "task worker ok: last heartbeat {age} seconds ago"
WORKER_NEVER_SEEN = (
    "no task worker heartbeat yet: check that run_scheduler and db_worker are running and can reach the database"
)
WORKER_STALE = (
    "task worker heartbeat is {age} seconds old (limit {limit}): the scheduler or every worker is stopped or stuck"
)


def database_fault() -> str | None:
    """Return why the database cannot answer, or None when it does."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseFault:
        return DATABASE_UNAVAILABLE
    return None


def static_fault() -> str | None:
    """Return why pages would fail to name their static files, or None when they can.

    The manifest storage loads staticfiles.json once, when the process starts, and every `{% static %}` of a page
    is looked up in that copy: a server started before collectstatic ran on its machine, or with an older release's
    manifest, answers 500 on every page. So the check reads the loaded copy (no file read) and asks it for each of
    the project's own static files, which a release changes most, and whether the collected file is on disk.
    """
    if settings.DEBUG:
        return None  # pages then name the files as they are, with no manifest
    try:
        if not isinstance(staticfiles_storage, ManifestFilesMixin):  # sets the storage up, reading the manifest
            return None
        hashed_files = staticfiles_storage.hashed_files
    except ValueError:  # the manifest is there but is not JSON the storage understands
        return STATIC_MANIFEST_UNREADABLE
    for name in sorted(Path(path).as_posix() for path, _ in FileSystemFinder().list(ignore_patterns=[])):
        collected = hashed_files.get(staticfiles_storage.hash_key(name))
        if collected is None:
            return STATIC_NOT_COLLECTED.format(name=name)
        if not staticfiles_storage.exists(collected):
            return STATIC_FILE_MISSING.format(name=collected)
    return None


def last_worker_heartbeat() -> datetime | None:
    """Return when a worker last finished the heartbeat job, or None if none has in the retained history."""
    return (
        DBTaskResult.objects.successful()
        .filter(task_path=WORKER_HEARTBEAT_TASK)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )


def worker_fault(*, now: datetime, max_age: timedelta) -> str | None:
    """Return why background jobs are not being run, or None when a worker ran the heartbeat job recently.

    The scheduler enqueues the heartbeat every minute and a worker runs it in turn with every other job, so an old
    heartbeat means the scheduler is down, or every worker is down or stuck (a mail server that never answers, a
    job that never returns), or the queue is too far behind: in each case scheduled publishing and billing stop too.
    """
    last = last_worker_heartbeat()
    if last is None:
        return WORKER_NEVER_SEEN
    age = now - last
    if age > max_age:
        return WORKER_STALE.format(age=int(age.total_seconds()), limit=int(max_age.total_seconds()))
    return None


def _plain(text: str, status: int) -> HttpResponse:
    response = HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """Answer GET /healthz here, before the host check and the HTTPS redirect.

    Probes ask with the server's own address as Host and over plain HTTP, which ALLOWED_HOSTS and
    SECURE_SSL_REDIRECT refuse (a 400 with a logged traceback, or a 301): place this right after
    RequestIdMiddleware and before SecurityMiddleware and CommonMiddleware. The answer is 200 "ok", or 503 with the
    reason in one line of text, logged once as a warning without a traceback.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != HEALTH_PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        fault = database_fault() or static_fault()
        if fault is None:
            return _plain(HEALTHY, 200)
        response = _plain(fault, 503)
        # Logged here at warning level, which also keeps Django's handler from logging the 503 again as an error.
        log_response("Health check failed: %s", fault, response=response, request=request, level="warning")
        return response
