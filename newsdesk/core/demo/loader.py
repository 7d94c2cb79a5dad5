"""Demo newsroom staff: one user per role, in the groups that give them their powers."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

DEMO_PASSWORD = "newsdesk-demo"  # noqa: S105 - printed by `make run`; demo data only

# username -> (full name, group). "Editors" may draft and submit; "Moderators" (sub-editors) approve and publish.
DEMO_STAFF = {
    "editor": ("Elena Editor", "Editors"),
    "subeditor": ("Sipho Subeditor", "Moderators"),
    "publiceditor": ("Priya Publiceditor", "Public editors"),
    "moderator": ("Musa Moderator", "Comment moderators"),
}
# What the demo's own groups may do beyond opening the admin (Wagtail's "Editors" and "Moderators" come with theirs).
DEMO_GROUP_PERMISSIONS = {
    "Public editors": ["publiceditor.view_case", "publiceditor.change_case", "publiceditor.view_correction"],
    "Comment moderators": ["comments.view_comment", "comments.change_comment"],
}


def demo_email(username: str) -> str:
    """Return the sign-in address of a demo staff member."""
    return f"{username}@newsdesk.example"


def _permissions(names: list[str]) -> list[Permission]:
    wanted = [tuple(name.split(".", 1)) for name in names]
    found = Permission.objects.select_related("content_type").filter(
        content_type__app_label__in={app for app, _ in wanted}
    )
    return [permission for permission in found if (permission.content_type.app_label, permission.codename) in wanted]


def _exists(User, username: str) -> bool:
    # An admin may have renamed a demo user: the address still names them, and a second account with it could
    # not sign in (allauth keeps verified addresses unique).
    email = demo_email(username)
    return (
        User.objects.filter(Q(username=username) | Q(email__iexact=email)).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


@transaction.atomic
def load(stdout=None) -> None:
    """Create the demo staff and their groups if they are missing."""
    User = get_user_model()
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for username, (full_name, group_name) in DEMO_STAFF.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(access_admin, *_permissions(DEMO_GROUP_PERMISSIONS.get(group_name, [])))
        if _exists(User, username):
            continue
        first, last = full_name.split(" ", 1)
        user = User.objects.create_user(
            username=username,
            email=demo_email(username),
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
        )
        user.groups.add(group)
    if not _exists(User, "admin"):
        User.objects.create_superuser("admin", demo_email("admin"), DEMO_PASSWORD)
    # Staff sign in at the shared sign-in page by email, which must be verified: the demo addresses are.
    # An address an admin has since changed or added is theirs to verify, so only users with none get one.
    for user in User.objects.filter(username__in=[*DEMO_STAFF, "admin"], emailaddress__isnull=True).exclude(email=""):
        if not EmailAddress.objects.filter(email__iexact=user.email).exists():
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if stdout is not None:
        names = ", ".join(demo_email(name) for name in [*DEMO_STAFF, "admin"])
        stdout.write(f"demo staff (sign in at /accounts/login/): {names} (password {DEMO_PASSWORD})")
