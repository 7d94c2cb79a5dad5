"""What error reports may show: Django's filter, which also hides any value that is a URL carrying a password.

The app server (granian) copies the process environment into every request's META, so DATABASE_URL and REDIS_URL,
with their passwords, sit beside the request headers. Django's filter hides values by their key's name (KEY, PASS,
TOKEN...), and no such word is in `*_URL`: a debug page or an error report would print them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.views.debug import SafeExceptionReporterFilter


def _has_password(value: str) -> bool:
    if "://" not in value or "@" not in value:
        return False
    try:
        return urlsplit(value).password is not None
    except ValueError:  # not a URL after all (a bad port, say)
        return False


class ReporterFilter(SafeExceptionReporterFilter):
    def cleanse_setting(self, key, value):
        if isinstance(value, str) and _has_password(value):
            return self.cleansed_substitute
        return super().cleanse_setting(key, value)
