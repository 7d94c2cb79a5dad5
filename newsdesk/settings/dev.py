"""Settings for the demo site and local development: SQLite, console email, no HTTPS."""

import os

os.environ.setdefault("DEBUG", "1")
# A fixed development key is fine here: dev settings are never used in production (base.py demands a real one).
os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# The demo takes subscriptions through the built-in test gateway: test cards, no money moves.
os.environ.setdefault("SUBSCRIPTIONS_GATEWAY", "test")
os.environ.setdefault("SUBSCRIPTIONS_TEST_WEBHOOK_SECRET", "dev-only-test-gateway-webhook-secret")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR  # noqa: E402

ALLOWED_HOSTS = ["*"]

VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file and media live here
