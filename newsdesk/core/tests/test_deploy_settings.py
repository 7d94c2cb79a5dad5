"""Production settings pick the scale-out services from the environment, and change nothing when they are unset.

Each case loads newsdesk.settings.base in a fresh interpreter with a given environment; nothing touches the network.
"""

import json
import subprocess
import sys

from newsdesk.core.tests.test_settings_and_plumbing import PRODUCTION_ENV, ROOT, _manage

BASE_ENV = {**PRODUCTION_ENV, "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40}
SCALE_OUT_ENV = {
    "DATABASE_REPLICA_URL": "postgres://reader@db-replica.internal:5432/newsdesk",
    "AWS_STORAGE_BUCKET_NAME": "newsdesk-media",
    "AWS_S3_ENDPOINT_URL": "https://objects.example",
    "AWS_S3_REGION_NAME": "af-south-1",
    "AWS_ACCESS_KEY_ID": "test-key-id",
    "AWS_SECRET_ACCESS_KEY": "test-secret",
    "WAGTAILSEARCH_URL": "https://search-1.internal:9200,https://search-2.internal:9200",
}

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections
print(json.dumps({
    "databases": sorted(settings.DATABASES),
    "replica": {**{k: settings.DATABASES["replica"][k] for k in ("ENGINE", "HOST", "NAME")},
                "MIRROR": settings.DATABASES["replica"]["TEST"]["MIRROR"]}
    if "replica" in settings.DATABASES else None,
    "routers": settings.DATABASE_ROUTERS,
    "read_replica": settings.NEWSDESK_READ_REPLICA,
    "storage": type(default_storage._wrapped if hasattr(default_storage, "_wrapped") else default_storage).__module__
    + "." + type(default_storage._wrapped).__name__,
    "media_url": default_storage.url("original_images/front.jpg"),
    "search": settings.WAGTAILSEARCH_BACKENDS["default"],
}))
"""


def _run(script: str, *args: str, env: dict) -> dict:
    """Run `script` in a fresh interpreter with BASE_ENV plus `env`; return the JSON it printed last."""
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env={**BASE_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _probe(**env) -> dict:
    return _run(PROBE, env=env)


def test_unset_means_one_database_local_media_and_database_search():
    found = _probe()
    assert found["databases"] == ["default"]
    assert found["routers"] == [] and found["read_replica"] is False
    assert found["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert found["media_url"] == "/media/original_images/front.jpg"
    assert found["search"] == {"BACKEND": "wagtail.search.backends.database"}


def test_environment_switches_on_the_replica_object_storage_and_elasticsearch():
    found = _probe(**SCALE_OUT_ENV)
    assert found["databases"] == ["default", "replica"]
    assert found["replica"] == {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "db-replica.internal",
        "NAME": "newsdesk",
        "MIRROR": "default",
    }
    assert found["routers"] == ["newsdesk.delivery.replica.ReplicaRouter"] and found["read_replica"] is True
    assert found["storage"] == "storages.backends.s3.S3Storage"
    # The URL is built locally (no request is made): endpoint, bucket, the media prefix, the key.
    assert found["media_url"] == "https://objects.example/newsdesk-media/media/original_images/front.jpg"
    assert found["search"]["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert found["search"]["URLS"] == ["https://search-1.internal:9200", "https://search-2.internal:9200"]
    assert found["search"]["INDEX"] == "newsdesk"


def test_opensearch_is_chosen_by_naming_its_backend():
    found = _probe(
        WAGTAILSEARCH_URL="https://search.internal:9200", WAGTAILSEARCH_BACKEND="wagtail.search.backends.opensearch2"
    )
    assert found["search"]["BACKEND"] == "wagtail.search.backends.opensearch2"


def test_the_scaled_out_configuration_passes_the_deploy_check():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env={**BASE_ENV, **SCALE_OUT_ENV})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


TIMEOUTS_PROBE = """
import json, sys
if sys.argv[1] == "web":
    import newsdesk.wsgi  # what the app server loads
else:
    import django
    django.setup()  # what manage.py and the task worker do
from django.conf import settings
print(json.dumps({
    alias: settings.DATABASES[alias].get("OPTIONS", {}) for alias in settings.DATABASES
} | {"redis": settings.CACHES["default"].get("OPTIONS")}))
"""


def _timeouts(process: str, **env) -> dict:
    services = {
        "DATABASE_URL": "postgres://newsdesk@db.internal:5432/newsdesk?options=-c%20search_path%3Dnews",
        "DATABASE_REPLICA_URL": "postgres://reader@db-replica.internal:5432/newsdesk",
        "REDIS_URL": "redis://cache.internal:6379/0",
    }
    return _run(TIMEOUTS_PROBE, process, env={**services, **env})


def test_web_processes_bound_each_statement_and_commands_do_not():
    web = _timeouts("web")
    assert web["default"]["options"] == "-c search_path=news -c statement_timeout=15000"  # the URL's own kept
    assert web["replica"]["options"] == "-c statement_timeout=15000"
    assert web["default"]["connect_timeout"] == 3
    command = _timeouts("command")
    assert command["default"]["options"] == "-c search_path=news"
    assert "options" not in command["replica"]


def test_the_statement_timeout_and_redis_timeouts_come_from_the_environment():
    web = _timeouts("web", DB_STATEMENT_TIMEOUT_MS="2500", REDIS_TIMEOUT="0.5", REDIS_CONNECT_TIMEOUT="0.25")
    assert web["replica"]["options"] == "-c statement_timeout=2500"
    assert web["redis"] == {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
    assert _timeouts("web", DB_STATEMENT_TIMEOUT_MS="0")["replica"].get("options") is None  # 0: no limit
    assert _timeouts("command")["redis"] == {"socket_connect_timeout": 1.0, "socket_timeout": 2.0}


HSTS_PROBE = """
import json, django
django.setup()
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory
request = RequestFactory().get("/", secure=True, headers={"host": "news.example"})
print(json.dumps(SecurityMiddleware(lambda request: HttpResponse())(request)["Strict-Transport-Security"]))
"""


def test_hsts_covers_only_this_host_until_the_newsroom_opts_in_to_subdomains_and_preload():
    assert _run(HSTS_PROBE, env={}) == "max-age=31536000"
    assert _run(HSTS_PROBE, env={"SECURE_HSTS_INCLUDE_SUBDOMAINS": "1"}) == "max-age=31536000; includeSubDomains"
    opted_in = {"SECURE_HSTS_INCLUDE_SUBDOMAINS": "1", "SECURE_HSTS_PRELOAD": "1"}
    assert _run(HSTS_PROBE, env=opted_in) == "max-age=31536000; includeSubDomains; preload"


FALLBACKS_PROBE = "import json; from django.conf import settings; print(json.dumps(settings.SECRET_KEY_FALLBACKS))"


def test_old_secret_keys_are_read_comma_separated_and_none_by_default():
    assert _run(FALLBACKS_PROBE, env={}) == []
    assert _run(FALLBACKS_PROBE, env={"SECRET_KEY_FALLBACKS": "older-key-" + "a" * 40 + ", old-key-" + "b" * 40}) == [
        "older-key-" + "a" * 40,
        "old-key-" + "b" * 40,
    ]
