"""Build public editor cases for tests through the same service readers use."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import signing

from newsdesk.publiceditor import services
from newsdesk.publiceditor.forms import STAMP_SALT

HANDLER_PASSWORD = "correct horse battery staple"  # noqa: S105 - a test fixture


def make_case(**fields) -> "services.Case":
    values = {
        "kind": "complaint",
        "category": "inaccuracy",
        "message": "The article gives the wrong date for the council vote.",
        "name": "Thandi Reader",
        "email": "thandi@example.org",
        "consent_to_contact": True,
    }
    values.update(fields)
    return services.case_submit(submission=services.Submission(**values))


def old_stamp(seconds_ago: float = 30) -> str:
    """Return a form stamp as if the form had been shown `seconds_ago` seconds ago."""
    return signing.dumps(time.time() - seconds_ago, salt=STAMP_SALT)


def form_data(**overrides) -> dict:
    data = {
        "kind": "complaint",
        "category": "inaccuracy",
        "message": "The second paragraph misquotes the mayor.",
        "name": "Sipho Reader",
        "email": "sipho@example.org",
        "consent": "on",
        "website": "",
        "stamp": old_stamp(),
    }
    data.update(overrides)
    return {k: v() if callable(v) else v for k, v in data.items() if v is not None}


def make_case_handler(username: str = "priya"):
    """A public editor with only what the case pages ask for: the admin, and changing cases."""
    group, _ = Group.objects.get_or_create(name="Case handlers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="publiceditor", codename="change_case"),
    )
    user = get_user_model().objects.create_user(username, f"{username}@example.org", HANDLER_PASSWORD)
    user.groups.add(group)
    return user
