import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings.base")

application = get_wsgi_application()

# Each app server worker imports this module once. Load the URL configuration (and the views it imports) now rather
# than on the first request, then hide everything loaded so far (Django, Wagtail, the URL and template machinery)
# from the garbage collector: its full collections then scan only what requests create, not the whole application.
get_resolver().url_patterns  # noqa: B018 - evaluated for its side effect, the import of every URL module
gc.freeze()
