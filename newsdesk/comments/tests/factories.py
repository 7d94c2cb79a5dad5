"""Readers, moderators and commented articles for the comments tests."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Site

from newsdesk.comments.models import CommenterProfile, CommentSettings
from newsdesk.news.tests.factories import make_article, make_section

PASSWORD = "correct horse battery staple"  # noqa: S105 - a test fixture


def make_reader(name: str = "Thandi", *, staff: bool = False, profile: bool = True, notify: bool = False):
    user = get_user_model().objects.create_user(
        username=name.lower().replace(" ", "-"),
        email=f"{name.lower().replace(' ', '.')}@example.com",
        password=PASSWORD,
        is_staff=staff,
    )
    if profile:
        CommenterProfile.objects.create(user=user, display_name=name, notify_replies=notify)
    return user


def make_moderator(name: str = "Moderator Mo"):
    return get_user_model().objects.create_superuser(
        username=name.lower().replace(" ", "-"), email="mo@example.com", password=PASSWORD
    )


def make_queue_moderator(name: str = "Queue Moderator"):
    """A moderator with only what the queues ask for: the admin, and changing comments."""
    group, _ = Group.objects.get_or_create(name="Queue moderators")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="comments", codename="change_comment"),
    )
    user = make_reader(name, profile=False)
    user.groups.add(group)
    return user


def make_commented_article(title: str = "Water restrictions eased", section_title: str = "Metro", **fields):
    section = make_section(section_title)
    return make_article(section, title, **fields)


def site_settings(**values) -> CommentSettings:
    """Set the default site's comment settings."""
    site = Site.objects.get(is_default_site=True)
    config = CommentSettings.for_site(site)
    for name, value in values.items():
        setattr(config, name, value)
    config.save()
    return config
