"""The staff Content-Security-Policy on the admin, its nonce on Wagtail's inline scripts, and the readers' policy."""

import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.images.widgets import AdminImageChooser

from newsdesk.core.csp import StaffAwareCSPMiddleware
from newsdesk.core.tests.csp import READER_POLICY, STAFF_POLICY, directives, staff_nonce
from newsdesk.news.tests.factories import make_image, make_section_editor, newsroom
from newsdesk.publiceditor.tests.factories import make_case

pytestmark = pytest.mark.django_db
# An executable inline script: no src, and not a JSON data block.
INLINE_SCRIPT_RE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>(.*?)</script>", re.S)


def _staff_policy_of(response) -> str:
    policy = response["Content-Security-Policy"]
    assert directives(policy) == directives(STAFF_POLICY.format(nonce=staff_nonce(policy)))
    return policy


def test_staff_pages_that_show_readers_text_send_the_staff_policy_with_a_new_nonce_each_time(admin_client):
    case = make_case()
    paths = [
        "/admin/",
        "/admin/comments/queue/pending/",
        "/admin/comments/queue/reported/",
        f"/admin/public-editor/cases/{case.pk}/",
        "/admin/public-editor/personal-data/",
        "/admin/publiceditor_cases/",
        "/django-admin/",
    ]
    nonces = set()
    for path in paths:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        nonces.add(staff_nonce(_staff_policy_of(response)))
    assert len(nonces) == len(paths)


def test_reader_pages_keep_the_readers_policy(client):
    article = newsroom(articles=1)["articles"][0]
    for path in ["/", article.url, "/accounts/login/", "/public-editor/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert directives(response["Content-Security-Policy"]) == directives(READER_POLICY), path


def test_wagtails_inline_scripts_in_the_page_editor_carry_the_nonce_and_are_the_only_inline_scripts(client):
    room = newsroom(articles=1)
    client.force_login(make_section_editor(room["africa"]))
    response = client.get(f"/admin/pages/{room['articles'][0].pk}/edit/")

    nonce = staff_nonce(_staff_policy_of(response))
    scripts = INLINE_SCRIPT_RE.findall(response.content.decode())
    assert [attributes for attributes, _ in scripts] == [f' nonce="{nonce}"'] * 6
    assert [re.search(r"new \w+|init\w+", body).group(0) for _, body in scripts] == [
        "new SnippetChooser",  # the byline's author
        "new SnippetChooser",  # the same, in the template for a new byline row
        "new InlinePanel",
        "new ImageChooser",
        "initDateTimeChooser",  # go-live and expiry, in the schedule dialog
        "initDateTimeChooser",
    ]


def test_draft_preview_has_the_readers_policy_and_may_be_framed_only_by_the_site(client):
    room = newsroom(articles=1)
    client.force_login(make_section_editor(room["africa"]))
    article = room["articles"][0]
    framed_by_site = READER_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'")

    draft = client.get(f"/admin/pages/{article.pk}/view_draft/")
    assert directives(draft["Content-Security-Policy"]) == directives(framed_by_site)

    # With no preview data yet, the panel shows Wagtail's own page, which asks to be framed by the admin.
    unavailable = client.get(f"/admin/pages/{article.pk}/edit/preview/?in_preview_panel=true")
    assert unavailable["X-Frame-Options"] == "SAMEORIGIN"
    policy = unavailable["Content-Security-Policy"]
    staff_framed_by_site = STAFF_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
    assert directives(policy) == directives(staff_framed_by_site.format(nonce=staff_nonce(policy)))


class SlippedChooser(AdminImageChooser):
    """A chooser whose own markup let a script through, as a template slip would."""

    def render_html(self, name, value_data, attrs):
        return '<span class="chosen"><script>window.__pwned = 1</script></span>'


def _render_chooser_in(path: str) -> HttpResponse:
    def view(request):
        return HttpResponse(SlippedChooser().render("lead_image", make_image("Harbour"), attrs={"id": "id_lead_image"}))

    return StaffAwareCSPMiddleware(view)(RequestFactory().get(path))


def test_a_chooser_gives_the_nonce_to_its_own_script_only():
    response = _render_chooser_in("/admin/pages/1/edit/")

    nonce = staff_nonce(response["Content-Security-Policy"])
    assert response.content.decode() == (
        '<span class="chosen"><script>window.__pwned = 1</script></span>'
        f'<script nonce="{nonce}">new ImageChooser("id_lead_image", {{"modalUrl": "/admin/images/chooser/"}});</script>'
    )


def test_a_chooser_outside_a_staff_page_writes_no_nonce():
    response = _render_chooser_in("/world/")

    assert directives(response["Content-Security-Policy"]) == directives(READER_POLICY)
    assert response.content.decode().endswith(
        '<script>new ImageChooser("id_lead_image", {"modalUrl": "/admin/images/chooser/"});</script>'
    )
