"""Demo newsroom staff: one user per role, in the groups that give them their powers."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

DEMO_PASSWORD = "newsdesk-demo"  # noqa: S105 - printed by `make run`; demo data only

# username -> (full name, group). "Editors" may draft and submit; "Moderators" (sub-editors) approve and publish.
DEMO_STAFF = {
    "editor": ("Elena Editor", "Editors"),
    "subeditor": ("Sipho Subeditor", "Moderators"),
    "publiceditor": ("Priya Publiceditor", "Public editors"),
    "moderator": ("Musa Moderator", "Comment moderators"),
}


@transaction.atomic
def load(stdout=None) -> None:
    """Create the demo staff and their groups if they are missing."""
    User = get_user_model()
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for username, (full_name, group_name) in DEMO_STAFF.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(access_admin)
        if User.objects.filter(username=username).exists():
            continue
        first, last = full_name.split(" ", 1)
        user = User.objects.create_user(
            username=username,
            email=f"{username}@newsdesk.example",
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
        )
        user.groups.add(group)
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@newsdesk.example", DEMO_PASSWORD)
    # Staff sign in at the shared sign-in page by email, which must be verified: the demo addresses are.
    for user in User.objects.filter(username__in=[*DEMO_STAFF, "admin"]):
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    if stdout is not None:
        names = ", ".join(f"{name}@newsdesk.example" for name in [*DEMO_STAFF, "admin"])
        stdout.write(f"demo staff (sign in at /accounts/login/): {names} (password {DEMO_PASSWORD})")
