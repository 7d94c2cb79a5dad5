"""The demo staff: one account per role, in the groups the migrations made, able to sign in by email."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from newsdesk.core import roles
from newsdesk.core.tests.test_roles import _granted, _held
from newsdesk.demo import staff
from newsdesk.demo.staff import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_demo_staff_are_one_account_per_role_in_the_migrated_groups():
    groups_before = set(Group.objects.values_list("pk", "name"))
    staff.load()
    users = get_user_model().objects
    for username, role_name in [
        ("editor", "Editors"),
        ("subeditor", "Sub-editors"),
        ("moderator", "Comment moderators"),
        ("publiceditor", "Public editor"),
        ("markets", "Markets desk"),
        ("subscriptions", "Subscriptions"),
    ]:
        user = users.get(email=f"{username}@newsdesk.example")
        assert (list(user.groups.values_list("name", flat=True)), user.is_superuser) == ([role_name], False)
        assert user.check_password("newsdesk-demo")
    admin = users.get(email="admin@newsdesk.example")
    assert (admin.is_superuser, list(admin.groups.values_list("name", flat=True))) == (True, ["Administrators"])
    assert set(Group.objects.values_list("pk", "name")) == groups_before
    for spec in roles.ROLES:
        assert _held(Group.objects.get(name=spec.name)) == _granted(spec)


def test_demo_loader_without_the_roles_says_to_migrate_and_creates_no_one():
    Group.objects.filter(name="Markets desk").delete()
    with pytest.raises(LookupError, match=r"The 'Markets desk' group is missing: run `manage.py migrate`"):
        staff.load()
    assert not get_user_model().objects.exists()
    assert not Group.objects.filter(name="Markets desk").exists()


def test_demo_staff_sign_in_by_email_and_reach_the_admin(client):
    staff.load()
    staff.load()  # a second run changes nothing
    assert EmailAddress.objects.filter(email="editor@newsdesk.example", verified=True).count() == 1
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": "editor@newsdesk.example", "password": DEMO_PASSWORD}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
