"""Demo newsroom staff: one user per role, in the groups that give them their powers."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q

from newsdesk.core import roles

DEMO_PASSWORD = "newsdesk-demo"  # noqa: S105 - printed by `make run`; demo data only

# username -> (full name, role). The groups and their permissions come with the migrations (newsdesk/core/roles.py).
DEMO_STAFF = {
    "editor": ("Elena Editor", roles.EDITORS),
    "subeditor": ("Sipho Subeditor", roles.SUB_EDITORS),
    "moderator": ("Musa Moderator", roles.COMMENT_MODERATORS),
    "publiceditor": ("Priya Publiceditor", roles.PUBLIC_EDITOR),
    "markets": ("Mandla Markets", roles.MARKETS_DESK),
    "subscriptions": ("Sarah Subscriptions", roles.SUBSCRIPTIONS),
}
ADMIN = "admin"  # a superuser, and in the Administrators group so that dropping superuser leaves them their role
MISSING_ROLE = "The {name!r} group is missing: run `manage.py migrate` (or `manage.py roles_sync`) first."


def demo_email(username: str) -> str:
    """Return the sign-in address of a demo staff member."""
    return f"{username}@newsdesk.example"


def _exists(User, username: str) -> bool:
    # An admin may have renamed a demo user: the address still names them, and a second account with it could
    # not sign in (allauth keeps verified addresses unique).
    email = demo_email(username)
    return (
        User.objects.filter(Q(username=username) | Q(email__iexact=email)).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def _group(name: str) -> Group:
    try:
        return Group.objects.get(name=name)
    except Group.DoesNotExist:
        raise LookupError(MISSING_ROLE.format(name=name)) from None


@transaction.atomic
def load(stdout=None) -> None:
    """Create the demo staff, one for each role, in the groups the migrations made, if they are missing."""
    User = get_user_model()
    for username, (full_name, role_name) in DEMO_STAFF.items():
        group = _group(role_name)
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
    administrators = _group(roles.ADMINISTRATORS)
    if not _exists(User, ADMIN):
        User.objects.create_superuser(ADMIN, demo_email(ADMIN), DEMO_PASSWORD).groups.add(administrators)
    # Staff sign in at the shared sign-in page by email, which must be verified: the demo addresses are.
    # An address an admin has since changed or added is theirs to verify, so only users with none get one.
    for user in User.objects.filter(username__in=[*DEMO_STAFF, ADMIN], emailaddress__isnull=True).exclude(email=""):
        if not EmailAddress.objects.filter(email__iexact=user.email).exists():
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if stdout is not None:
        names = ", ".join(f"{demo_email(name)} ({role_name})" for name, (_, role_name) in DEMO_STAFF.items())
        stdout.write(
            f"demo staff (sign in at /accounts/login/): {names}, {demo_email(ADMIN)} (superuser) "
            f"(password {DEMO_PASSWORD})"
        )
