"""Keep staff without a second factor out of the admin when the site requires one."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from newsdesk.core.selectors import is_newsroom_staff

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ENROL_FIRST = "Set up two-factor authentication before you open the admin: scan the code with an authenticator app."


def needs_second_factor(user) -> bool:
    """Return True for a signed-in staff member (Django or Wagtail admin access) with no authenticator set up."""
    return is_newsroom_staff(user) and not is_mfa_enabled(user)


class StaffTwoFactorMiddleware:
    """Send staff to the authenticator set-up page instead of the admin while NEWSDESK_REQUIRE_STAFF_2FA is on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "NEWSDESK_REQUIRE_STAFF_2FA", False)
            and request.path.startswith(ADMIN_PREFIXES)
            and needs_second_factor(request.user)
        ):
            messages.warning(request, ENROL_FIRST)
            return redirect("mfa_activate_totp")
        return self.get_response(request)
