"""Content-Security-Policy: the readers' policy on public pages, the staff policy on the admin.

Staff pages show text that readers wrote (comments, complaints, personal-data requests). It is escaped, and the staff
policy is there for the day an escape is missed: no script runs on a staff page unless it comes from this site or
carries the nonce of that one response. Wagtail writes a few inline scripts of its own (choosers, inline panels, date
pickers) and has no nonce support, so those few places are given the nonce here and in the template overrides under
core/templates/wagtailadmin/; nothing else on the page gets it.
"""

from __future__ import annotations

from contextvars import ContextVar

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.safestring import SafeString, mark_safe
from wagtail.admin.widgets import BaseChooser

# The nonce of the staff response being rendered, for the code that writes Wagtail's inline scripts: form widgets are
# rendered without the request, so they cannot read it from there.
_staff_nonce: ContextVar[str] = ContextVar("staff_csp_nonce", default="")


def is_staff_path(path: str) -> bool:
    """Return whether a path is served under the staff policy."""
    return path.startswith(tuple(settings.NEWSDESK_STAFF_CSP["URL_PREFIXES"]))


def staff_script_nonce() -> str:
    """Return the nonce for an inline script written into the staff response being rendered ("" elsewhere)."""
    return _staff_nonce.get()


class StaffAwareCSPMiddleware(CSPMiddleware):
    """Send the staff policy, with this response's nonce, on staff pages; the readers' policy everywhere else."""

    async_capable = False  # the nonce is handed to the renderers in a context variable around a synchronous call

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        self.process_request(request)
        # A preview renders a reader page inside a staff request: it must not see the staff nonce, so it is reset too.
        token = _staff_nonce.set(str(request.csp_nonce) if is_staff_path(request.path_info) else "")
        try:
            response = self.get_response(request)
        finally:
            _staff_nonce.reset(token)
        return self.process_response(request, response)

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts  # a view chose its own policy
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview by sending a made-up request for the page's public address through this
            # stack: it gets the readers' policy, as the page will, but may be shown in the editor's preview panel.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        elif is_staff_path(request.path_info):
            parts.config = default_config(settings.NEWSDESK_STAFF_CSP["DIRECTIVES"])
            if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":  # a view meant to be framed by the admin
                parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts


def _nonce_last_script(html: str) -> SafeString:
    # Wagtail's chooser widget ends its HTML with `<script>{js}</script>`; only that element is given the nonce, so
    # anything in the chosen item's title earlier in the HTML never is. If the shape ever changes, the script is left
    # without a nonce: blocked and reported, never let through.
    nonce = staff_script_nonce()
    head, tag, tail = html.rpartition("<script>")
    if not nonce or not tag or not tail.endswith("</script>"):
        return mark_safe(html)  # noqa: S308 - Wagtail's own output, already marked safe by it
    return mark_safe(f'{head}<script nonce="{nonce}">{tail}')  # noqa: S308 - as above, plus a base64 nonce


def give_wagtail_choosers_the_nonce() -> None:
    """Make Wagtail's chooser widgets write their initialising script with the staff response's nonce."""
    if getattr(BaseChooser.render, "_writes_nonce", False):
        return
    original = BaseChooser.render

    def render(self, name, value, attrs=None, renderer=None):
        return _nonce_last_script(original(self, name, value, attrs, renderer))

    render._writes_nonce = True
    BaseChooser.render = render
