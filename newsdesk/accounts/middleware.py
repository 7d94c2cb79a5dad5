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


_HINT_ATTR = "_newsdesk_signed_in_hint"


def hint_signed_in(sender, request, user, **kwargs) -> None:
    """Mark this request's response to carry the hint (Django's user_logged_in signal)."""
    setattr(request, _HINT_ATTR, True)


def hint_signed_out(sender, request, user, **kwargs) -> None:
    """Mark this request's response to drop the hint (Django's user_logged_out signal)."""
    setattr(request, _HINT_ATTR, False)


def hint_stale(request) -> None:
    """Drop the hint with this response: it came with a request whose session has ended (expired, flushed)."""
    setattr(request, _HINT_ATTR, False)


class SignedInHintMiddleware:
    """Set the script-readable hint cookie when a reader signs in, and remove it when they sign out.

    The session cookie itself is HttpOnly, so a script cannot tell. The hint says nothing about who: it only
    saves the fragment's round trip for readers who are not signed in. It is decided at sign-in and sign-out
    (and by the masthead fragment, which removes a hint that outlived its session), never by reading the
    session on other requests: those cost no query, and a shared page never varies on it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        decided = getattr(request, _HINT_ATTR, None)
        if decided is True:
            response.set_cookie(
                SIGNED_IN_HINT_COOKIE,
                "1",
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=False,  # the point of it: site.js reads it
                samesite="Lax",
            )
        elif decided is False and SIGNED_IN_HINT_COOKIE in request.COOKIES:
            response.delete_cookie(SIGNED_IN_HINT_COOKIE, samesite="Lax")
        return response
