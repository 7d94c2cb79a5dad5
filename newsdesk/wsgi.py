import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings.base")
# A web request waits at most this long for any one database statement (see DB_STATEMENT_TIMEOUT_MS in the
# settings): below nginx's 30 s proxy timeout, so the reader gets the app's "please try again" answer. Only the web
# processes load this module; management commands and task workers keep statements unbounded.
os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "15000")

application = get_wsgi_application()

# Each app server worker imports this module once. Load the URL configuration (and the views it imports) now rather
# than on the first request, then hide everything loaded so far (Django, Wagtail, the URL and template machinery)
# from the garbage collector: its full collections then scan only what requests create, not the whole application.
get_resolver().url_patterns  # noqa: B018 - evaluated for its side effect, the import of every URL module
gc.freeze()
