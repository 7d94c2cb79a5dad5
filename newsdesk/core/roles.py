"""The newsroom's roles: which group may do what, in one table that migrations, `roles_sync` and the docs read.

A role is a Django group. It holds model permissions ("app_label.codename"), page permissions on the whole page
tree (granted on Wagtail's root page, so every site and section inherits them) and permissions on the root
collection of images and documents. `sync_roles()` makes each group hold exactly what its row says: it adds what
is missing, removes what the table no longer grants, and never touches any other group. Change a role here, not in
the admin; for anything narrower (a desk for one section) make a group of your own (docs/roles.md).

Only names cross into this module, never models: the migration passes in its historical apps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps as global_apps
from django.db import transaction

ALL = "__all__"

EDITORS = "Editors"
SUB_EDITORS = "Sub-editors"
COMMENT_MODERATORS = "Comment moderators"
PUBLIC_EDITOR = "Public editor"
MARKETS_DESK = "Markets desk"
SUBSCRIPTIONS = "Subscriptions"
ADMINISTRATORS = "Administrators"

# Wagtail's own first migration makes "Moderators" (approve and publish) and the default workflow around them; in
# this newsroom they are the sub-editors, so the group and its task are renamed rather than kept beside ours.
WAGTAIL_MODERATORS = "Moderators"
WAGTAIL_APPROVAL = "Moderators approval"
APPROVAL = "Sub-editors approval"

PAGE_ACTIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")


def _media(*actions: str) -> frozenset[str]:
    """Return the permissions to act on images and documents."""
    return frozenset(
        [
            *(f"wagtailimages.{action}_image" for action in actions),
            *(f"wagtaildocs.{action}_document" for action in actions),
        ]
    )


def _crud(app_label: str, model: str, actions: str = "add change delete view") -> list[str]:
    return [f"{app_label}.{action}_{model}" for action in actions.split()]


@dataclass(frozen=True)
class Role:
    name: str
    does: str  # one line for docs/roles.md
    permissions: frozenset[str] | str  # "app_label.codename", or ALL
    page_actions: tuple[str, ...] = ()  # on the whole page tree
    collection_permissions: frozenset[str] = frozenset()  # on the root collection: images, documents, collections
    approves: bool = False  # a member of the default workflow's approval task


_EDITOR_PERMISSIONS = [
    "wagtailadmin.access_admin",
    *_crud("polls", "poll", "add change view"),
    "polls.view_refusedvote",
    "polls.view_optionwordingchange",
    *_crud("news", "author", "add change view"),
    *_crud("taggit", "tag", "add change view"),  # the Topics menu
    "readership.view_dashboard",
    "liveblogs.post_to_live_page",  # write, edit, pin and delete posts on live pages, without publishing
    # Newsletter editions: build, reorder, preview, test-send to oneself; approving and sending is a sub-editor's.
    "newsletters.view_newsletter",
    *_crud("newsletters", "edition", "add change view"),
]

ROLES: tuple[Role, ...] = (
    Role(
        EDITORS,
        "Write and edit articles and submit them for moderation; upload images and documents; make polls; "
        "keep authors' bylines and topics; post on live pages (posts go live at once); watch the readership "
        "dashboard; build and preview newsletter editions. Cannot publish pages or send newsletters.",
        frozenset(_EDITOR_PERMISSIONS),
        page_actions=("add", "change"),
        collection_permissions=_media("add", "change", "choose"),
    ),
    Role(
        SUB_EDITORS,
        "Everything editors do, and approve, publish, schedule, unpublish, move, lock and unlock pages; delete polls, "
        "authors, topics, images and documents; approve and send newsletter editions and breaking-news alerts.",
        frozenset(
            [
                *_EDITOR_PERMISSIONS,
                "polls.delete_poll",
                "news.delete_author",
                "taggit.delete_tag",
                "newsletters.send_edition",
            ]
        ),
        page_actions=("add", "change", "publish", "lock", "unlock"),
        collection_permissions=_media("add", "change", "delete", "choose"),
        approves=True,
    ),
    Role(
        COMMENT_MODERATORS,
        "Work the comment queue (approve, reject, remove), read reports and the moderation log, set per-article "
        "comment policy, and ban or suspend commenters.",
        frozenset(
            [
                "wagtailadmin.access_admin",
                "comments.view_comment",
                "comments.change_comment",
                "comments.view_commenterprofile",
                "comments.ban_commenter",
                *_crud("comments", "commentpolicyoverride"),
                "comments.view_moderationaction",
                "comments.view_report",
                "comments.change_report",
            ]
        ),
    ),
    Role(
        PUBLIC_EDITOR,
        "Handle readers' complaints (cases), publish corrections, erase a complainant's personal data, and edit the "
        "public editor's settings.",
        frozenset(
            [
                "wagtailadmin.access_admin",
                "publiceditor.view_case",
                "publiceditor.change_case",
                "publiceditor.view_correction",
                "publiceditor.publish_correction",
                "publiceditor.erase_personal_data",
                "publiceditor.view_publiceditorsettings",
                "publiceditor.change_publiceditorsettings",
            ]
        ),
    ),
    Role(
        MARKETS_DESK,
        "Keep the markets data: instruments, exchanges and their holidays, quotes and data providers; issue a "
        "provider's push-API token.",
        frozenset(
            [
                "wagtailadmin.access_admin",
                *_crud("markets", "instrument"),
                *_crud("markets", "exchange"),
                *_crud("markets", "exchangeholiday"),
                *_crud("markets", "quote"),
                *_crud("markets", "provider"),
                "markets.issue_provider_token",
            ]
        ),
    ),
    Role(
        SUBSCRIPTIONS,
        "Revenue and reader support: edit plans; read subscribers, their history, payments, refunds and failed "
        "payments; see the billing overview; refund a payment; read and resend outgoing email; keep the newsletter "
        "lists, read their members and suppressed addresses, import and export members with their consent.",
        frozenset(
            [
                "wagtailadmin.access_admin",
                *_crud("subscriptions", "plan", "add change view"),
                "subscriptions.view_subscription",
                "subscriptions.view_subscriptionevent",
                "subscriptions.view_payment",
                "subscriptions.view_refund",
                "subscriptions.view_billingperiod",
                "subscriptions.refund_payment",
                "outbox.view_outboxmessage",
                "outbox.resend_outboxmessage",
                *_crud("newsletters", "newsletter", "add change view"),
                "newsletters.view_edition",
                "newsletters.view_subscription",
                "newsletters.view_consent",
                "newsletters.import_members",
                "newsletters.view_suppression",
                "newsletters.delete_suppression",
            ]
        ),
    ),
    Role(
        ADMINISTRATORS,
        "Every permission: users, groups, sites, settings, redirects, collections and all of the above. Not a "
        "superuser: a new permission reaches them at the next `roles_sync`.",
        ALL,
        page_actions=PAGE_ACTIONS,
        collection_permissions=_media("add", "change", "delete", "choose")
        | frozenset(_crud("wagtailcore", "collection", "add change delete")),
    ),
)

ROLES_BY_NAME = {role.name: role for role in ROLES}


def role(name: str) -> Role:
    """Return the role called name; raise KeyError naming the roles there are."""
    try:
        return ROLES_BY_NAME[name]
    except KeyError:
        raise KeyError(f"No role {name!r}; the roles are: {', '.join(ROLES_BY_NAME)}.") from None


@dataclass
class SyncReport:
    """What one sync changed, per group: lines like "+ polls.add_poll" or "- page wagtailcore.publish_page"."""

    changes: dict[str, list[str]] = field(default_factory=dict)

    def note(self, group: str, change: str) -> None:
        self.changes.setdefault(group, []).append(change)

    @property
    def changed(self) -> bool:
        return any(self.changes.values())


def _permission_index(apps) -> dict[str, object]:
    Permission = apps.get_model("auth", "Permission")
    return {f"{p.content_type.app_label}.{p.codename}": p for p in Permission.objects.select_related("content_type")}


def _wanted_permissions(spec: Role, index: dict[str, object], *, strict: bool) -> dict[str, object]:
    if spec.permissions == ALL:
        return dict(index)
    missing = sorted(set(spec.permissions) - set(index))
    if missing and strict:
        raise LookupError(
            f"Role {spec.name!r} names permissions that do not exist: {', '.join(missing)}. "
            "Run `manage.py migrate` first, or correct the table in newsdesk/core/roles.py."
        )
    return {name: index[name] for name in spec.permissions if name in index}


def _sync_tree_permissions(model, *, group, node, wanted: dict, node_field: str, label: str, report, name) -> None:
    """Make group hold exactly the wanted permissions on node (a page or collection), and none elsewhere."""
    held = model.objects.filter(group=group).select_related("permission__content_type")
    for grant in held:
        key = f"{grant.permission.content_type.app_label}.{grant.permission.codename}"
        if node is None or getattr(grant, f"{node_field}_id") != node.pk or key not in wanted:
            grant.delete()
            report.note(name, f"- {label} {key}")
    if node is None:
        return
    have = {
        f"{grant.permission.content_type.app_label}.{grant.permission.codename}"
        for grant in model.objects.filter(group=group, **{node_field: node}).select_related("permission__content_type")
    }
    for key in sorted(set(wanted) - have):
        model.objects.create(group=group, permission=wanted[key], **{node_field: node})
        report.note(name, f"+ {label} {key}")


def adopt_wagtail_defaults(apps=global_apps) -> None:
    """Rename Wagtail's "Moderators" group and its approval task and workflow to the sub-editors'."""
    Group = apps.get_model("auth", "Group")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    if not Group.objects.filter(name=SUB_EDITORS).exists():
        Group.objects.filter(name=WAGTAIL_MODERATORS).update(name=SUB_EDITORS)
    if not Task.objects.filter(name=APPROVAL).exists():
        Task.objects.filter(name=WAGTAIL_APPROVAL).update(name=APPROVAL)
    if not Workflow.objects.filter(name=APPROVAL).exists():
        Workflow.objects.filter(name=WAGTAIL_APPROVAL).update(name=APPROVAL)


@transaction.atomic
def sync_roles(apps=global_apps, *, names: list[str] | None = None, strict: bool = True) -> SyncReport:
    """Make each role's group hold exactly what the table grants, creating the group if it is missing.

    strict=False (for a migration, which runs before later apps' migrations have declared their permissions) skips
    a permission that does not exist yet instead of refusing; `roles_sync` after `migrate` then grants it.
    """
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    adopt_wagtail_defaults(apps)
    index = _permission_index(apps)
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    report = SyncReport()
    for spec in ROLES if names is None else [role(name) for name in names]:
        group, created = Group.objects.get_or_create(name=spec.name)
        if created:
            report.note(spec.name, "+ group")
        wanted = _wanted_permissions(spec, index, strict=strict)
        held = {f"{p.content_type.app_label}.{p.codename}": p for p in group.permissions.select_related("content_type")}
        for key in sorted(set(held) - set(wanted)):
            group.permissions.remove(held[key])
            report.note(spec.name, f"- {key}")
        for key in sorted(set(wanted) - set(held)):
            group.permissions.add(wanted[key])
            report.note(spec.name, f"+ {key}")

        page_wanted = {
            f"wagtailcore.{action}_page": index[f"wagtailcore.{action}_page"] for action in spec.page_actions
        }
        _sync_tree_permissions(
            GroupPagePermission,
            group=group,
            node=root_page,
            wanted=page_wanted,
            node_field="page",
            label="page",
            report=report,
            name=spec.name,
        )
        collection_wanted = {key: index[key] for key in spec.collection_permissions}
        _sync_tree_permissions(
            GroupCollectionPermission,
            group=group,
            node=root_collection,
            wanted=collection_wanted,
            node_field="collection",
            label="collection",
            report=report,
            name=spec.name,
        )
        for task in GroupApprovalTask.objects.filter(name=APPROVAL):
            approves = task.groups.filter(pk=group.pk).exists()
            if spec.approves and not approves:
                task.groups.add(group)
                report.note(spec.name, f"+ approves in {APPROVAL!r}")
            elif approves and not spec.approves:
                task.groups.remove(group)
                report.note(spec.name, f"- approves in {APPROVAL!r}")
    return report


def _codes(names) -> str:
    return ", ".join(f"`{name}`" for name in sorted(names)) or "-"


def markdown_table() -> str:
    """Return the role table as Markdown, as docs/roles.md shows it (a test keeps the two the same)."""
    lines = [
        "| Role (group) | What they do | Permissions | Pages (whole tree) | Images, documents, collections |",
        "| --- | --- | --- | --- | --- |",
    ]
    for spec in ROLES:
        permissions = "every permission" if spec.permissions == ALL else _codes(spec.permissions)
        approves = f"; approves in the {APPROVAL!r} workflow task" if spec.approves else ""
        pages = (", ".join(spec.page_actions) or "-") + approves
        lines.append(f"| {spec.name} | {spec.does} | {permissions} | {pages} | {_codes(spec.collection_permissions)} |")
    return "\n".join(lines) + "\n"
