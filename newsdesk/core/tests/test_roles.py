"""The newsroom's roles: `migrate` makes the seven groups from the table, `roles_sync` keeps them so, and each role's
admin shows and opens exactly what the role may use."""

import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
)

from newsdesk.core import roles
from newsdesk.core.tests.factories import STAFF_PASSWORD, make_staff, roles_as_installed
from newsdesk.news.tests.factories import make_article, newsroom
from newsdesk.polls.models import Poll
from newsdesk.subscriptions.gateways.testgateway import TestGateway
from newsdesk.subscriptions.models import Payment, Refund
from newsdesk.subscriptions.services.billing import billing_run
from newsdesk.subscriptions.tests.factories import make_reader
from newsdesk.subscriptions.tests.test_lifecycle import start

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[3] / "docs" / "roles.md"
REFUSED = "Sorry, you do not have permission to access this area."
T0 = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)


def _key(permission: Permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


def _held(group: Group) -> dict[str, set[str]]:
    """Return what a group holds: its permissions, its page grants and its collection grants, each as names."""
    root_page, root_collection = Page.get_first_root_node(), Collection.get_first_root_node()
    pages = GroupPagePermission.objects.filter(group=group).select_related("permission__content_type", "page")
    collections = GroupCollectionPermission.objects.filter(group=group).select_related(
        "permission__content_type", "collection"
    )
    return {
        "permissions": {_key(p) for p in group.permissions.select_related("content_type")},
        "pages": {
            f"{g.permission.codename.removesuffix('_page')}@{'root' if g.page_id == root_page.pk else g.page_id}"
            for g in pages
        },
        "collections": {
            f"{_key(g.permission)}@{'root' if g.collection_id == root_collection.pk else g.collection_id}"
            for g in collections
        },
    }


def _granted(spec: roles.Role) -> dict[str, set[str]]:
    everything = {_key(p) for p in Permission.objects.select_related("content_type")}
    return {
        "permissions": everything if spec.permissions == roles.ALL else set(spec.permissions),
        "pages": {f"{action}@root" for action in spec.page_actions},
        "collections": {f"{name}@root" for name in spec.collection_permissions},
    }


def _sync(*args) -> str:
    out = io.StringIO()
    call_command("roles_sync", *args, stdout=out)
    return out.getvalue()


# -- the table after `migrate` ---------------------------------------------------------------------------------------


def test_migrate_leaves_the_seven_groups_holding_exactly_the_table():
    assert set(roles.ROLES_BY_NAME) <= set(Group.objects.values_list("name", flat=True))
    assert len(roles.ROLES) == 7
    for spec in roles.ROLES:
        assert _held(Group.objects.get(name=spec.name)) == _granted(spec), spec.name


def test_the_sensitive_acts_belong_to_their_roles_alone_besides_administrators():
    sensitive = {
        "comments.ban_commenter": roles.COMMENT_MODERATORS,
        "publiceditor.publish_correction": roles.PUBLIC_EDITOR,
        "publiceditor.erase_personal_data": roles.PUBLIC_EDITOR,
        "markets.issue_provider_token": roles.MARKETS_DESK,
        "subscriptions.refund_payment": roles.SUBSCRIPTIONS,
        "newsletters.send_edition": roles.SUB_EDITORS,
        "newsletters.import_members": roles.SUBSCRIPTIONS,
    }
    for name, owner in sensitive.items():
        app_label, codename = name.split(".")
        holders = Group.objects.filter(
            permissions__content_type__app_label=app_label, permissions__codename=codename
        ).values_list("name", flat=True)
        assert sorted(holders) == sorted([owner, roles.ADMINISTRATORS]), name


def test_wagtails_moderators_became_the_sub_editors_who_approve_in_the_renamed_workflow():
    assert not Group.objects.filter(name="Moderators").exists()
    task = GroupApprovalTask.objects.get()
    assert task.name == "Sub-editors approval"
    assert list(task.groups.values_list("name", flat=True)) == ["Sub-editors"]
    workflow = Workflow.objects.get(active=True)
    assert (workflow.name, list(workflow.tasks.values_list("name", flat=True))) == (
        "Sub-editors approval",
        ["Sub-editors approval"],
    )


def test_editor_submits_and_only_a_sub_editor_may_approve_in_the_default_workflow():
    room = newsroom(articles=0)
    draft = make_article(room["africa"], "Port strike enters second week", publish=False)
    editor, subeditor, moderator = (
        make_staff(name) for name in (roles.EDITORS, roles.SUB_EDITORS, roles.COMMENT_MODERATORS)
    )
    assert draft.permissions_for_user(editor).can_submit_for_moderation()
    draft.get_workflow().start(draft, editor)
    task = draft.current_workflow_task.specific
    assert [name for name, *_ in task.get_actions(draft, subeditor)] == ["reject", "approve", "approve"]
    assert task.get_actions(draft, editor) == []
    assert task.get_actions(draft, moderator) == []


def test_sub_editor_may_move_schedule_and_unpublish_live_articles_and_the_editor_may_not():
    room = newsroom(articles=1)
    article, world = room["articles"][0], room["world"]
    editor, subeditor = make_staff(roles.EDITORS), make_staff(roles.SUB_EDITORS)
    for user, allowed in ((subeditor, True), (editor, False)):
        tester = article.permissions_for_user(user)
        assert (tester.can_move_to(world), tester.can_unpublish(), tester.can_unschedule()) == (allowed,) * 3
        assert (tester.can_lock(), tester.can_unlock()) == (allowed, allowed)
        assert tester.can_edit()


# -- roles_sync --------------------------------------------------------------------------------------------------------


def test_roles_sync_after_migrate_changes_nothing_and_says_so_twice():
    before = {spec.name: _held(Group.objects.get(name=spec.name)) for spec in roles.ROLES}
    assert _sync() == "Roles already match the table; nothing changed.\n"
    assert _sync() == "Roles already match the table; nothing changed.\n"
    assert {spec.name: _held(Group.objects.get(name=spec.name)) for spec in roles.ROLES} == before


def test_roles_sync_repairs_drift_in_the_roles_and_leaves_other_groups_alone():
    room = newsroom(articles=0)
    editors, subeditors = Group.objects.get(name="Editors"), Group.objects.get(name="Sub-editors")
    refund = Permission.objects.get(codename="refund_payment")
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    editors.permissions.add(refund)
    subeditors.permissions.remove(Permission.objects.get(codename="delete_poll"))
    GroupPagePermission.objects.create(group=editors, page=room["africa"], permission=publish)
    GroupPagePermission.objects.filter(group=subeditors, permission=publish).delete()
    Group.objects.get(name="Markets desk").delete()
    desk = Group.objects.create(name="Sport desk")
    desk.permissions.add(refund)
    GroupPagePermission.objects.create(group=desk, page=room["world"], permission=publish)

    out = _sync()

    assert out.splitlines() == [
        "Editors: - subscriptions.refund_payment",
        "Editors: - page wagtailcore.publish_page",
        "Sub-editors: + polls.delete_poll",
        "Sub-editors: + page wagtailcore.publish_page",
        *[
            f"Markets desk: {line}"
            for line in ["+ group", *[f"+ {n}" for n in sorted(roles.role("Markets desk").permissions)]]
        ],
        "Roles changed.",
    ]
    for spec in roles.ROLES:
        assert _held(Group.objects.get(name=spec.name)) == _granted(spec), spec.name
    assert _held(desk) == {
        "permissions": {"subscriptions.refund_payment"},
        "pages": {f"publish@{room['world'].pk}"},
        "collections": set(),
    }
    assert _sync().endswith("nothing changed.\n")


def test_roles_sync_of_one_role_touches_no_other():
    editors, subeditors = Group.objects.get(name="Editors"), Group.objects.get(name="Sub-editors")
    extra = Permission.objects.get(codename="view_plan")
    editors.permissions.add(extra)
    subeditors.permissions.add(extra)
    assert _sync("Sub-editors") == "Sub-editors: - subscriptions.view_plan\nRoles changed.\n"
    assert editors.permissions.filter(pk=extra.pk).exists()


def test_roles_sync_refuses_an_unknown_role_and_changes_nothing():
    editors = Group.objects.get(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="view_plan"))
    with pytest.raises(CommandError, match=r"No role 'Sport desk'; the roles are: Editors, Sub-editors, "):
        _sync("Editors", "Sport desk")
    assert editors.permissions.filter(codename="view_plan").exists()


def test_the_roles_table_in_the_docs_is_the_table_in_the_code():
    text = DOCS.read_text()
    generated = text.split("<!-- roles table: generated by `manage.py roles_sync --table` -->\n", 1)[1]
    generated = generated.split("<!-- end of roles table -->", 1)[0]
    assert generated == roles.markdown_table(), "docs/roles.md is out of date: paste `manage.py roles_sync --table`"
    assert _sync("--table") == roles.markdown_table()


# -- the test helper ---------------------------------------------------------------------------------------------------


def test_make_staff_puts_a_user_in_the_role_and_refuses_an_unknown_one():
    user = make_staff("Public editor", email="pat@newsdesk.test")
    assert list(user.groups.values_list("name", flat=True)) == ["Public editor"]
    assert user.has_perm("publiceditor.erase_personal_data") and not user.has_perm("comments.ban_commenter")
    assert user.check_password(STAFF_PASSWORD)
    with pytest.raises(KeyError, match="No role 'Reporters'"):
        make_staff("Reporters")


@pytest.mark.django_db(transaction=True)
def test_make_staff_and_roles_as_installed_bring_the_roles_back_after_a_flush():
    Group.objects.all().delete()
    Workflow.objects.all().delete()
    GroupApprovalTask.objects.all().delete()
    subeditor = make_staff("Sub-editors")
    assert subeditor.has_perm("polls.delete_poll")
    workflow = roles_as_installed()
    for spec in roles.ROLES:
        assert _held(Group.objects.get(name=spec.name)) == _granted(spec)
    assert workflow.name == "Sub-editors approval"
    assert list(workflow.tasks.get().specific.groups.values_list("name", flat=True)) == ["Sub-editors"]
    assert roles_as_installed() == workflow and Workflow.objects.count() == 1


# -- what each role sees in the admin, and what it is refused ----------------------------------------------------------

REPORTS = ["Reports > Workflows", "Reports > Workflow tasks", "Reports > Site history", "Reports > Aging pages"]
NEWSROOM = [
    "Pages",
    "Authors",
    "Topics",
    "Voting Booth",
    "Voting Booth > Polls",
    "Voting Booth > Refused votes",
    "Voting Booth > Option wording log",
    "Images",
    "Documents",
    "Reports",
    "Newsletters",
    "Newsletters > Editions",
    "Newsletters > Lists",
]
MENUS = {
    "Editors": [*NEWSROOM, "Readership", *REPORTS, "Reports > Page types usage"],
    "Sub-editors": [*NEWSROOM, "Readership", "Reports > Locked pages", *REPORTS, "Reports > Page types usage"],
    "Comment moderators": [
        "Moderate comments",
        "Commenters",
        "Commenters > Commenters",
        "Commenters > Policy overrides",
        "Commenters > Moderation log",
    ],
    "Public editor": [
        "Public editor cases",
        "Personal data requests",
        "Corrections",
        "Settings",
        "Settings > Public editor settings",
    ],
    "Markets desk": [
        "Markets",
        "Markets > Instruments",
        "Markets > Exchanges",
        "Markets > Exchange holidays",
        "Markets > Providers",
        "Markets > Quotes",
    ],
    "Subscriptions": [
        "Subscriptions",
        "Subscriptions > Plans",
        "Subscriptions > Subscribers",
        "Subscriptions > Subscription history",
        "Subscriptions > Payments",
        "Subscriptions > Billing periods (failed payments)",
        "Billing overview",
        "Outgoing email",
        "Newsletters",
        "Newsletters > Editions",
        "Newsletters > Lists",
        "Newsletters > Members",
        "Newsletters > Suppressed addresses",
    ],
}
ADMINISTRATORS_ALSO = [
    "Settings > Users",
    "Settings > Groups",
    "Settings > Sites",
    "Settings > Collections",
    "Settings > Redirects",
    "Settings > Newsroom settings",
    "Settings > Workflows",
]
# Where each role's menu entry leads (a page it must be able to open).
OPENS = {
    "Editors": [
        "/admin/pages/",
        "/admin/snippets/news/author/",
        "/admin/snippets/polls/poll/",
        "/admin/images/",
        "/admin/newsletters_edition/",
    ],
    "Sub-editors": ["/admin/reports/locked/", "/admin/snippets/polls/poll/", "/admin/documents/"],
    "Comment moderators": ["/admin/comments/queue/pending/", "/admin/snippets/comments/moderationaction/"],
    "Public editor": ["/admin/publiceditor_cases/", "/admin/publiceditor_corrections/"],
    "Markets desk": ["/admin/snippets/markets/instrument/", "/admin/snippets/markets/provider/"],
    "Subscriptions": [
        "/admin/billing_payments/",
        "/admin/billing/overview/",
        "/admin/outbox/",
        "/admin/newsletters_list/",
        "/admin/newsletters_member/",
    ],
}


def _walk(node, labels: list[str], prefix: str = "") -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, labels, prefix)
    elif isinstance(node, dict):
        if node.get("_type") in ("wagtail.sidebar.LinkMenuItem", "wagtail.sidebar.PageExplorerMenuItem"):
            labels.append(prefix + node["_args"][0]["label"])
        elif node.get("_type") == "wagtail.sidebar.SubMenuItem":
            label = node["_args"][0]["label"]
            labels.append(prefix + label)
            _walk(node["_args"][1], labels, f"{prefix}{label} > ")
        else:
            for value in node.values():
                _walk(value, labels, prefix)


def admin_menu(client) -> list[str]:
    """Return the labels of the admin's sidebar menu, submenu entries as "Parent > Entry", without help and account."""
    html = client.get("/admin/").content.decode()
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    labels: list[str] = []
    _walk(json.loads(props.group(1)), labels)
    return [label for label in labels if label.split(" > ")[0] not in ("Help", "Account")]


def assert_refused(client, url: str, method: str = "get", data=None) -> None:
    response = getattr(client, method)(url, data or {})
    assert (response.status_code, response.headers.get("Location")) == (302, "/admin/"), url
    # Refusals not yet shown pile up in the session: every message waiting is this one.
    assert {str(m).strip() for m in response.wsgi_request._messages} == {REFUSED}, url


@pytest.mark.parametrize("role_name", list(MENUS))
def test_each_role_sees_exactly_its_menu_and_opens_every_entry(client, role_name):
    client.force_login(make_staff(role_name))
    assert sorted(admin_menu(client)) == sorted(MENUS[role_name])
    for url in OPENS[role_name]:
        assert client.get(url).status_code == 200, url


def test_administrators_see_every_role_s_menu_and_the_sites_settings(client):
    client.force_login(make_staff("Administrators"))
    menu = admin_menu(client)
    assert {entry for entries in MENUS.values() for entry in entries} <= set(menu)
    assert set(ADMINISTRATORS_ALSO) <= set(menu)
    for url in ("/admin/users/", "/admin/groups/", "/admin/sites/", "/admin/collections/", "/admin/redirects/"):
        assert client.get(url).status_code == 200, url


def test_editor_is_refused_the_comment_queue_billing_refunds_and_other_desks(client):
    with time_machine.travel(T0, tick=False):
        start(make_reader())
    billing_run(at=T0 + timedelta(days=15), gateway=TestGateway())
    payment = Payment.objects.get()
    client.force_login(make_staff("Editors"))
    for url in (
        "/admin/comments/queue/pending/",
        "/admin/billing/overview/",
        "/admin/billing_payments/",
        "/admin/outbox/",
        "/admin/snippets/markets/instrument/",
        "/admin/publiceditor_cases/",
        "/admin/settings/core/newsroomsettings/",
        "/admin/users/",
    ):
        assert_refused(client, url)
    assert_refused(client, f"/admin/billing/payments/{payment.pk}/refund/", "post", {"amount": "75.00", "reason": "x"})
    assert not Refund.objects.exists()


def test_editor_has_no_publish_action_and_a_sub_editor_has(client):
    room = newsroom(articles=0)
    draft = make_article(room["africa"], "Port strike enters second week", publish=False)
    edit = f"/admin/pages/{draft.pk}/edit/"
    client.force_login(make_staff("Editors"))
    page = client.get(edit).content.decode()
    assert 'name="action-submit"' in page and 'name="action-publish"' not in page
    client.force_login(make_staff("Sub-editors"))
    assert 'name="action-publish"' in client.get(edit).content.decode()


def test_comment_moderator_cannot_edit_publish_or_unpublish_a_page(client):
    room = newsroom(articles=1)
    article = room["articles"][0]
    client.force_login(make_staff("Comment moderators"))
    assert_refused(client, f"/admin/pages/{article.pk}/edit/")
    assert_refused(client, f"/admin/pages/{article.pk}/unpublish/", "post")
    article.refresh_from_db()
    assert article.live


def test_editor_cannot_unpublish_and_the_sub_editor_can(client):
    room = newsroom(articles=1)
    article = room["articles"][0]
    client.force_login(make_staff("Editors"))
    assert_refused(client, f"/admin/pages/{article.pk}/unpublish/", "post")
    article.refresh_from_db()
    assert article.live
    client.force_login(make_staff("Sub-editors"))
    assert client.post(f"/admin/pages/{article.pk}/unpublish/").status_code == 302
    article.refresh_from_db()
    assert not article.live


def test_poll_results_open_to_the_newsroom_and_not_to_other_desks(client):
    poll = Poll.objects.create(question="Should the harbour be dredged?")
    client.force_login(make_staff("Editors"))
    assert client.get(f"/admin/polls/{poll.pk}/results/").status_code == 200
    client.force_login(make_staff("Markets desk"))
    assert_refused(client, f"/admin/polls/{poll.pk}/results/")
    assert_refused(client, f"/admin/polls/{poll.pk}/tallies.csv")


def test_billing_overview_and_personal_data_menu_entries_follow_their_permissions(client):
    client.force_login(make_staff("Comment moderators"))
    assert {"Billing overview", "Personal data requests"}.isdisjoint(admin_menu(client))
    assert_refused(client, "/admin/billing/overview/")
    client.force_login(make_staff("Subscriptions"))
    assert client.get("/admin/billing/overview/").status_code == 200
    assert "Personal data requests" not in admin_menu(client)
