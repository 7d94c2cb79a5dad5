"""Staff in the newsroom's roles, for tests: signed in as the role meant to use a feature, never as a superuser."""

from __future__ import annotations

from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, GroupApprovalTask, Locale, Page, Workflow, WorkflowPage, WorkflowTask

from newsdesk.core import roles

STAFF_PASSWORD = "staff password for tests"  # noqa: S105 - a test fixture
_serial = count(1)


def ensure_wagtail_base() -> Page:
    """Return the root page, first re-creating the rows Wagtail's migrations make if a transactional test
    (live server, concurrency) flushed them: the default locale, the root page and the root collection."""
    Locale.objects.get_or_create(language_code="en")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(title="Root", slug="root")


def ensure_role(role_name: str) -> Group:
    """Return the role's group; a flushed database (live-server tests) lost the migration's, so sync it again."""
    roles.role(role_name)  # an unknown role is an error in the test, not a new group
    group = Group.objects.filter(name=role_name).first()
    if group is None:
        ensure_wagtail_base()
        roles.sync_roles(names=[role_name])
        group = Group.objects.get(name=role_name)
    return group


def make_staff(role_name: str, email: str | None = None, password: str = STAFF_PASSWORD, **fields):
    """Return a new user whose only powers are those of the role (its group, as `migrate` made it)."""
    group = ensure_role(role_name)
    if email is None:
        email = f"{role_name.lower().replace(' ', '-')}-{next(_serial)}@newsdesk.test"
    fields.setdefault("first_name", role_name)
    user = get_user_model().objects.create_user(email.split("@")[0], email, password, **fields)
    user.groups.add(group)
    return user


def roles_as_installed() -> Workflow:
    """Bring back every role and the default moderation workflow as `migrate` leaves them, after a flush.

    Return the workflow: Wagtail's default, renamed for the sub-editors, on the whole page tree.
    """
    root = ensure_wagtail_base()
    roles.sync_roles()
    workflow = Workflow.objects.filter(name=roles.APPROVAL).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=roles.APPROVAL, active=True)
    task = GroupApprovalTask.objects.filter(name=roles.APPROVAL).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=roles.APPROVAL, active=True, content_type=ContentType.objects.get_for_model(GroupApprovalTask)
        )
    task.groups.add(*Group.objects.filter(name__in=[r.name for r in roles.ROLES if r.approves]))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if not WorkflowPage.objects.filter(page=root).exists():
        WorkflowPage.objects.create(workflow=workflow, page=root)
    return workflow
