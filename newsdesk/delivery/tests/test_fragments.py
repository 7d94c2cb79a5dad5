"""Shared fragments: kept while their tags stand, never stored across a purge, never for a preview."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from newsdesk.delivery import fragments
from newsdesk.delivery.pagecache import TAG_KEY, _purge_now


def request(**attrs):
    made = RequestFactory().get("/")
    for name, value in attrs.items():
        setattr(made, name, value)
    return made


class Renderer:
    """Render a numbered fragment; optionally purge a tag while rendering, as a concurrent publish would."""

    def __init__(self, purge_during: str | None = None):
        self.calls = 0
        self.purge_during = purge_during

    def __call__(self) -> str:
        self.calls += 1
        if self.purge_during:
            _purge_now([self.purge_during])
        return f"<p>render {self.calls}</p>"


def fragment(render, req=None, tags=("article:7",)) -> str:
    return fragments.cached_fragment(request=req or request(), name="test", vary=[7], tags=lambda: tags, render=render)


def test_a_fragment_is_rendered_once_and_then_served_to_other_requests():
    render = Renderer()
    assert fragment(render) == "<p>render 1</p>"
    assert fragment(render) == "<p>render 1</p>"
    assert render.calls == 1


def test_purging_any_tag_it_carries_renders_it_again():
    render = Renderer()
    fragment(render)
    _purge_now(["article:7"])
    assert fragment(render) == "<p>render 2</p>"
    _purge_now(["site"])  # every fragment carries the site tag
    assert fragment(render) == "<p>render 3</p>"
    _purge_now(["article:8"])
    assert fragment(render) == "<p>render 3</p>"


def test_a_render_that_a_purge_overtook_is_not_stored():
    racing = Renderer(purge_during="article:7")
    assert fragment(racing) == "<p>render 1</p>"
    assert cache.get(fragments.fragment_key("test", [7])) is None
    assert cache.get(TAG_KEY.format(tag="article:7")) is not None


def test_a_preview_neither_reads_nor_stores_fragments():
    render = Renderer()
    fragment(render)
    preview = Renderer()
    assert fragment(preview, req=request(is_preview=True)) == "<p>render 1</p>"
    assert fragment(preview, req=request(is_preview=True)) == "<p>render 2</p>"
    assert fragment(Renderer()) == "<p>render 1</p>"  # the live fragment, untouched by the preview


def test_the_request_learns_the_tags_of_every_fragment_it_showed_cached_or_not():
    fragment(Renderer(), tags=("article:7", "topic:trade"))
    served = request()
    fragment(Renderer(), req=served)
    assert fragments.tags_used(served) == {"site", "article:7", "topic:trade"}


@override_settings(NEWSDESK_FRAGMENT_CACHE={"ENABLED": False})
def test_switched_off_every_request_renders_but_still_learns_the_tags():
    render = Renderer()
    served = request()
    fragment(render, req=served)
    fragment(render)
    assert render.calls == 2
    assert fragments.tags_used(served) == {"site", "article:7"}


@pytest.mark.parametrize("vary", [[7], ["7"]])
def test_the_key_depends_on_the_text_of_what_the_fragment_varies_by(vary):
    assert fragments.fragment_key("test", vary) == fragments.fragment_key("test", [7])
    assert fragments.fragment_key("test", [8]) != fragments.fragment_key("test", [7])
