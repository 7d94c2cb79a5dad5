"""Staff members holding exactly the permissions a test names, for checking who may do what."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

PASSWORD = "a-long-staff-test-password"  # noqa: S105 - a test fixture


def make_staff_with(*permissions: str, email: str = "staff@example.org"):
    """Create an active staff member who may open the admin and holds these "app_label.codename" permissions."""
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD, is_staff=True)
    for name in ("wagtailadmin.access_admin", *permissions):
        app_label, codename = name.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return get_user_model().objects.get(pk=user.pk)  # a fresh instance: no stale permission cache


ADMIN_REFUSED = "Sorry, you do not have permission to access this area."


def assert_admin_refused(client, response) -> None:
    """Assert the admin refused the request its own way: back to the dashboard, which shows its permission message."""
    assert (response.status_code, response.get("Location")) == (302, "/admin/")
    assert ADMIN_REFUSED in client.get("/admin/").content.decode()
