"""Live pages and posts for tests."""

from __future__ import annotations

from newsdesk.core import roles
from newsdesk.core.tests.factories import make_staff
from newsdesk.liveblogs import services
from newsdesk.liveblogs.models import LivePage, LivePost
from newsdesk.news.tests.factories import make_home, make_section, paragraph


def make_live_page(section=None, title: str = "Storm makes landfall: live", *, publish: bool = True, **fields):
    section = section or make_section("News", parent=make_home())
    fields.setdefault("standfirst", "Follow the storm as it crosses the coast.")
    page = LivePage(title=title, live=False, **fields)
    section.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def poster():
    """A sub-editor: a role meant to post live."""
    return make_staff(roles.SUB_EDITORS)


def post(page: LivePage, text: str = "Winds reach 120 km/h at the harbour.", *, user=None, **fields) -> LivePost:
    return services.live_post_create(page=page, user=user or poster(), body=[paragraph(text)], **fields)
