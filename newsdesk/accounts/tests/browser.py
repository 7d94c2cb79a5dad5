"""Signing staff in from a browser test: through the shared sign-in page, as a person would."""

from allauth.account.models import EmailAddress


def sign_in_staff(page, live_server, user, password: str, *, next_url: str = "/admin/") -> None:
    """Sign a staff member in at /accounts/login/ (their email verified, as for any account) and open next_url."""
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.locator("form[action*='/accounts/login/'] button[type=submit]").first.click()
    page.wait_for_url(f"**{next_url}")
