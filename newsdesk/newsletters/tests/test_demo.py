"""The demo lists load from their data file, and a second load changes nothing."""

import io

import pytest

from newsdesk.newsletters.demo import loader
from newsdesk.newsletters.models import Newsletter

pytestmark = pytest.mark.django_db


def test_demo_lists_load_once_and_keep_staff_changes():
    out = io.StringIO()
    loader.load(stdout=out)
    assert out.getvalue() == "Newsletters: 4 demo lists created.\n"
    assert [n.slug for n in Newsletter.objects.all()] == ["morning-brief", "breaking", "ledger-weekly", "inside"]
    Newsletter.objects.filter(slug="breaking").update(name="Alerts")
    loader.load(stdout=out)
    assert out.getvalue().endswith("Newsletters: 0 demo lists created.\n")
    assert Newsletter.objects.get(slug="breaking").name == "Alerts"
