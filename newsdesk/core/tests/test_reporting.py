"""Error reports never print a password carried in a URL, such as the DATABASE_URL the app server puts in META."""

import sys

from django.test import RequestFactory, override_settings
from django.views.debug import ExceptionReporter, get_default_exception_reporter_filter

SECRET = "pa55-in-url"


def _request():
    return RequestFactory().get(
        "/",
        DATABASE_URL=f"postgres://newsdesk:{SECRET}@db.internal:5432/newsdesk",
        REDIS_URL=f"redis://:{SECRET}@cache.internal:6379/0",
        SITE_URL="https://news.example",
        HTTP_REFERER="https://user@news.example/page",
    )


def test_urls_with_passwords_are_hidden_in_request_meta_and_others_kept():
    meta = get_default_exception_reporter_filter().get_safe_request_meta(_request())
    assert meta["DATABASE_URL"] == meta["REDIS_URL"] == "********************"
    assert meta["SITE_URL"] == "https://news.example"
    assert meta["HTTP_REFERER"] == "https://user@news.example/page"  # a user name alone is no secret


@override_settings(REPLICA_URL=f"postgres://reader:{SECRET}@replica:5432/newsdesk")
def test_an_error_report_prints_no_password_from_meta_or_settings():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        report = ExceptionReporter(_request(), *sys.exc_info()).get_traceback_text()
    assert "boom" in report
    assert "db.internal" not in report
    assert SECRET not in report
