"""Keep staff without a second factor out of the admin when the site requires one; tell the page's script whether
to ask for the masthead's personal links."""

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


# Read by site.js (base.html names it in data-account-hint): only a browser carrying it asks for the masthead's
# personal fragment, so an anonymous reader's page view stays one cached response, with no request behind it.
SIGNED_IN_HINT_COOKIE = "nd_signed_in"


class SignedInHintMiddleware:
    """Keep a script-readable hint cookie in step with the session: set while signed in, removed after.

    The session cookie itself is HttpOnly, so a script cannot tell. The hint says nothing about who: it only
    saves the fragment's round trip for readers who are not signed in. The session is looked at only when its
    cookie came with the request, so an anonymous response never varies on it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        has_hint = SIGNED_IN_HINT_COOKIE in request.COOKIES
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        signed_in = has_session and getattr(request, "user", None) is not None and request.user.is_authenticated
        if signed_in and not has_hint:
            response.set_cookie(
                SIGNED_IN_HINT_COOKIE,
                "1",
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=False,  # the point of it: site.js reads it
                samesite="Lax",
            )
        elif has_hint and not signed_in:
            response.delete_cookie(SIGNED_IN_HINT_COOKIE, samesite="Lax")
        return response
