"""Settings for the test suite."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret-" + "x" * 40)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DEBUG", "0")

from .base import *  # noqa: E402,F403
from .base import CACHES, DATABASES, REDIS_URL  # noqa: E402

ALLOWED_HOSTS = ["*"]
# Mail leaves the outbox into django.core.mail.outbox. Django's test set-up points EMAIL_BACKEND at that list
# directly; conftest.py puts the outbox back in front of it for every test that may use the database.
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run at once in tests, inside the calling process, so their effects can be asserted directly.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The suite subscribes through the built-in test gateway; tests of the other configurations override these.
SUBSCRIPTIONS_GATEWAY = "test"
SUBSCRIPTIONS_TEST_WEBHOOK_SECRET = "test-only-webhook-secret"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
if REDIS_URL:
    # Each test run gets its own key space, so parallel runs on one Redis do not see each other.
    for alias in CACHES:
        CACHES[alias]["KEY_PREFIX"] = f"test-{os.getpid()}-{alias}"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Rendering tests see fresh pages; the page cache's own tests switch it on.
NEWSDESK_PAGE_CACHE = {"ENABLED": False}  # noqa: F405
# Admin tests sign staff in directly; the two-factor tests switch this on.
NEWSDESK_REQUIRE_STAFF_2FA = False
# A replica alias that mirrors the test database, for the read-replica tests (they switch NEWSDESK_READ_REPLICA
# on); while it is off, as here, the router sends nothing there.
if "replica" not in DATABASES:
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["newsdesk.delivery.replica.ReplicaRouter"]
