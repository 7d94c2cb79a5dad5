"""Every URL with an id in it, sent ids no database row can have: a 404 (or a refusal), never a 500.

The walk covers the whole resolver: our apps' URLs, the admin URLs our apps' hooks and viewsets register, and the
patterns Wagtail and Django's admin bring. Our own patterns must take ids through the `id` converter;
the others are not ours to change, so for them the walk only proves that none answers with a server error.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path
from django.urls.converters import IntConverter
from django.urls.resolvers import RegexPattern
from django.utils.regex_helper import normalize

from newsdesk.comments import views as comments_views
from newsdesk.core.converters import MAX_DATABASE_ID, DatabaseIdConverter

FORTY_DIGITS = "9" * 40
LARGEST_ID = str(MAX_DATABASE_ID)
ONE_TOO_MANY = str(MAX_DATABASE_ID + 1)
NOT_AN_ID = "not-an-id"
OURS = "newsdesk."
ID_NAMES = ("id", "pk")
DIGITS = re.compile(r"\\d|\[0-9\]")
# Filler for the other parameters of a pattern: valid in form, naming nothing.
FILLER = {"slug": "no-such-thing", "uuid": str(uuid.UUID(int=0)), "path": "no/such/thing"}
PASSWORD = "a long test password 1"  # noqa: S105 - a test fixture


@dataclass(frozen=True)
class IdRoute:
    """One URL pattern that takes an id, with the whole route that leads to it."""

    route: str
    regex: str
    converters: dict
    ours: bool
    digit_groups: bool  # a regex pattern on the way matches digits itself

    def path_with(self, value: str) -> str:
        """Return the path this route answers, with `value` as every id in it."""
        template, params = normalize(self.regex)[0]
        return "/" + template % {name: self._fill(name, value) for name in params}

    def _fill(self, name: str, value: str) -> str:
        converter = self.converters.get(name)
        if converter is None or _takes_an_id(name, converter):
            return value  # a regex group (only Wagtail's have digit groups), or an id
        return FILLER.get(type(converter).__name__.removesuffix("Converter").lower(), "no-such-thing")

    @property
    def through_the_converter(self) -> bool:
        """Return whether every id in the route goes through the `id` converter (so a bad one never matches)."""
        ids = [c for name, c in self.converters.items() if _takes_an_id(name, c)]
        return not self.digit_groups and all(isinstance(c, DatabaseIdConverter) for c in ids)

    @property
    def takes_ids_without_the_converter(self) -> bool:
        return self.digit_groups or any(isinstance(c, IntConverter) for c in self.converters.values())


def _names_an_id(name: str) -> bool:
    return name in ID_NAMES or name.endswith(("_id", "_pk"))


def _takes_an_id(name: str, converter) -> bool:
    return isinstance(converter, (IntConverter, DatabaseIdConverter)) or _names_an_id(name)


def _is_ours(pattern: URLPattern, urlconf_modules: tuple[str, ...]) -> bool:
    """Return whether our code declares this pattern: in our URLconf, for our view, or for our model (a viewset)."""
    callback = pattern.callback
    view = getattr(callback, "view_class", callback)
    module = getattr(view, "__module__", None) or type(view).__module__  # a Feed is an instance
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
    if isinstance(model, str):  # choosers name their model by label
        model = apps.get_model(model)
    return (
        module.startswith(OURS)
        or (model is not None and model._meta.app_config.name.startswith(OURS))
        or any(name.startswith(OURS) for name in urlconf_modules[-1:])
    )


def _regex(pieces: tuple) -> str:
    parts = []
    for piece in pieces:
        text = piece.regex.pattern
        parts.append(text.removeprefix("^").removesuffix(r"\Z").removesuffix("$"))
    return "".join(parts)


def id_routes(patterns, pieces: tuple = (), converters: dict | None = None, urlconfs: tuple = ()) -> list[IdRoute]:
    """Return every pattern under `patterns` with an integer or id parameter, walking through every include."""
    converters = converters or {}
    found = []
    for pattern in patterns:
        here = (*pieces, pattern.pattern)
        converters_here = {**converters, **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            name = pattern.urlconf_name
            module = name if isinstance(name, str) else getattr(name, "__name__", None)
            found += id_routes(pattern.url_patterns, here, converters_here, (*urlconfs, module) if module else urlconfs)
            continue
        digit_groups = any(isinstance(p, RegexPattern) and DIGITS.search(p.regex.pattern) for p in here)
        if digit_groups or any(_takes_an_id(name, c) for name, c in converters_here.items()):
            route = "".join(str(p) for p in here)
            found.append(IdRoute(route, _regex(here), converters_here, _is_ours(pattern, urlconfs), digit_groups))
    return found


def all_id_routes() -> list[IdRoute]:
    return id_routes(get_resolver().url_patterns)


def test_the_walk_reaches_our_urls_the_admin_urls_our_apps_register_and_third_party_ones():
    routes = {route.route: route.ours for route in all_id_routes()}
    assert routes["comments/article/<id:article_id>/post/"] is True
    assert routes["polls/<id:poll_id>/vote"] is True
    assert routes["subscriptions/article/<id:page_id>/body"] is True
    assert routes["admin/polls/<id:poll_id>/results/"] is True  # a register_admin_urls hook
    assert routes["admin/comments/<id:comment_id>/<str:action>/"] is True
    assert routes["admin/billing/payments/<id:payment_id>/refund/"] is True
    assert routes["admin/snippets/polls/poll/edit/<id:pk>/"] is True  # a viewset our app registers
    assert routes["admin/billing_payments/inspect/<id:pk>/"] is True
    assert routes["admin/pages/<int:page_id>/edit/"] is False  # Wagtail's own
    assert routes["documents/^(\\d+)/(.*)$"] is False


def test_our_urls_take_ids_only_through_the_id_converter():
    assert [route.route for route in all_id_routes() if route.ours and route.takes_ids_without_the_converter] == []


def test_the_converter_check_names_an_int_route_added_to_our_urls():
    patterns = [
        path("comments/x/<int:comment_id>/", comments_views.permalink),
        path("comments/y/<id:comment_id>/", comments_views.permalink),
    ]
    offending = [route.route for route in id_routes(patterns) if route.ours and route.takes_ids_without_the_converter]
    assert offending == ["comments/x/<int:comment_id>/"]


@pytest.mark.parametrize(("value", "number"), [("1", 1), ("42", 42), (LARGEST_ID, MAX_DATABASE_ID), ("007", 7)])
def test_the_converter_takes_ids_a_database_column_can_hold(value, number):
    assert DatabaseIdConverter().to_python(value) == number


@pytest.mark.parametrize("value", ["0", "00", ONE_TOO_MANY, FORTY_DIGITS])
def test_the_converter_refuses_numbers_no_row_can_have(value):
    with pytest.raises(ValueError, match=f"^{value} is not a database id$"):
        DatabaseIdConverter().to_python(value)


def _client(role: str, django_user_model) -> Client:
    client = Client(raise_request_exception=False)
    if role == "reader":
        client.force_login(django_user_model.objects.create_user("reader", "reader@example.com", PASSWORD))
    elif role == "editor":
        # A superuser on purpose: every admin view lets them in, so each id reaches the view's own lookup.
        client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD))
    return client


def _answer(client: Client, method: str, path_: str) -> tuple[int, str]:
    response = getattr(client, method)(path_)
    return response.status_code, response.get("Location", "")


def _walked(role: str, route: IdRoute) -> bool:
    # A signed-in reader meets the admin's refusal exactly as an anonymous visitor does: on patterns that are not
    # ours, walking as them too would only double the time.
    return route.ours or role != "reader"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "reader", "editor"])
def test_a_forty_digit_id_is_an_unknown_address_on_our_urls_and_no_server_error_anywhere(role, django_user_model):
    client = _client(role, django_user_model)
    wrong, unknown_address_answers = {}, set()
    for route in filter(lambda route: _walked(role, route), all_id_routes()):
        path_ = route.path_with(FORTY_DIGITS)
        for method in ("get", "post"):
            status, location = _answer(client, method, path_)
            if route.ours and route.through_the_converter:
                # Answered exactly as the same address with no number in it: nothing on the site matches either.
                unknown_status, unknown_location = _answer(client, method, route.path_with(NOT_AN_ID))
                expected = (unknown_status, unknown_location.replace(NOT_AN_ID, FORTY_DIGITS))
                unknown_address_answers.add(unknown_status)
                if (status, location) != expected:
                    wrong[method, path_] = (status, location)
            elif status >= 500:
                wrong[method, path_] = status
    assert wrong == {}
    # 404; 301 to the address with a slash, where CommonMiddleware finds a pattern; 302 to sign in for the admin.
    assert unknown_address_answers <= {301, 302, 404}
    assert 404 in unknown_address_answers


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "reader", "editor"])
def test_the_largest_id_the_converter_takes_reaches_our_views_and_finds_nothing(role, django_user_model):
    # The converter's bound is the database's: every view must look this id up without an overflow, on every engine.
    client = _client(role, django_user_model)
    wrong = {}
    for route in all_id_routes():
        if not route.ours:
            continue
        path_ = route.path_with(LARGEST_ID)
        for method in ("get", "post"):
            status, location = _answer(client, method, path_)
            # 404; 405 for the other method; 403 from the paywall to an anonymous reader (before any lookup);
            # 302 to sign in, or from an admin view the editor's role may not use (edit a read-only record).
            if status not in {302, 403, 404, 405}:
                wrong[method, path_] = (status, location)
    assert wrong == {}
