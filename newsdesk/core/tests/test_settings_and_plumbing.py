import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from newsdesk.core import periodic

ROOT = Path(__file__).resolve().parents[3]
# The production environment docs/deploy.md asks for. Loading settings and running checks contacts none of these
# hosts (.invalid never resolves).
PRODUCTION_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SETTINGS_MODULE": "newsdesk.settings.base",
    "DATABASE_URL": "postgres://newsdesk@db.invalid:5432/newsdesk",
    "REDIS_URL": "redis://cache.invalid:6379/0",
    "EMAIL_HOST": "smtp.invalid",
    "DEFAULT_FROM_EMAIL": "news@news.example",
    "ALLOWED_HOSTS": "news.example",
    "SITE_URL": "https://news.example",
    "SUBSCRIPTIONS_GATEWAY": "paystack",
    "PAYSTACK_SECRET_KEY": "sk_live_" + "p" * 40,
}


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_refuse_to_start_without_secret_key_and_say_why():
    result = _manage("check", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    env = {**PRODUCTION_ENV, "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_server_error_page_is_styled_and_leaks_nothing(client):
    from newsdesk.core.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "Traceback" not in body


@pytest.mark.django_db
def test_a_page_missing_under_the_admin_gets_the_styled_404_page(admin_client):
    # Django's admin raises Http404 for a record it cannot find; the site's 404 page answers, with its layout.
    response = admin_client.get("/django-admin/auth/user/12345/password/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert '<a class="masthead__name" href="/">The Newsdesk Times</a>' in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_admin_file_address_is_sent_to_the_address_with_a_slash(client):
    response = client.get("/admin/no-such-export.csv")
    assert response.status_code == 301
    assert response["Location"] == "/admin/no-such-export.csv/"


def test_scheduler_enqueues_each_job_when_due_and_not_before(monkeypatch):
    calls = []

    class FakeTask:
        def enqueue(self):
            calls.append("ran")

    monkeypatch.setattr(periodic, "import_string", lambda path: FakeTask())
    jobs = [periodic.PeriodicJob(path="x.y", interval=60)]
    assert periodic.enqueue_due(jobs, now=1000.0) == ["x.y"]
    assert periodic.enqueue_due(jobs, now=1030.0) == []
    assert periodic.enqueue_due(jobs, now=1060.0) == ["x.y"]
    assert calls == ["ran", "ran"]


def test_scheduler_keeps_going_when_one_job_fails(monkeypatch):
    class Broken:
        def enqueue(self):
            raise RuntimeError("database is locked")

    class Fine:
        def enqueue(self):
            pass

    monkeypatch.setattr(periodic, "import_string", lambda path: Broken() if path == "bad" else Fine())
    jobs = [periodic.PeriodicJob(path="bad", interval=60), periodic.PeriodicJob(path="good", interval=60)]
    assert periodic.enqueue_due(jobs, now=0.0) == ["good"]
    assert jobs[0].next_run == 30.0  # retried sooner than its interval


def test_apps_declare_their_periodic_jobs():
    assert periodic.configured_intervals()["newsdesk.news.tasks.publish_scheduled_pages"] == 60


@override_settings(NEWSDESK_PERIODIC_TASKS={"newsdesk.news.tasks.publish_scheduled_pages": 5})
def test_settings_override_an_apps_interval():
    assert periodic.configured_intervals()["newsdesk.news.tasks.publish_scheduled_pages"] == 5


@pytest.mark.django_db
def test_saving_the_newsroom_settings_renames_the_publication_on_the_next_page(client):
    from wagtail.models import Site

    from newsdesk.core.models import NewsroomSettings
    from newsdesk.news.tests.factories import make_home

    make_home()
    assert "The Newsdesk Times" in client.get("/search/").content.decode()  # caches the identity
    settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    settings.publication_name = "The Evening Newsdesk"
    settings.save()

    page = client.get("/search/").content.decode()
    assert '<a class="masthead__name" href="/">The Evening Newsdesk</a>' in page
    assert "The Newsdesk Times" not in page
