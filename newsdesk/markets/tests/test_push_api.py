"""The vendor push API: authentication, validation naming the offending item, atomicity and idempotency."""

import json
from decimal import Decimal

import pytest
import time_machine
from django.test import override_settings

from newsdesk.markets.models import Provider, PushBatch, Quote
from newsdesk.markets.services import provider_token_issue
from newsdesk.markets.tests.factories import add_quote, sast

pytestmark = pytest.mark.django_db
URL = "/markets/api/v1/quotes"
NOW = sast(2026, 11, 27, 12, 0)


@pytest.fixture
def token():
    return provider_token_issue(provider=Provider.objects.get(slug="vendor"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _post(client, body, token=None, raw=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = raw if raw is not None else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **headers)


def _batch(batch_id="b-1", **overrides):
    quote = {"instrument": "J200", "as_of": "2026-11-27T09:55:00Z", "value": "91234.56"}
    quote.update(overrides)
    return {
        "batch_id": batch_id,
        "quotes": [{"instrument": "BRENT", "as_of": "2026-11-27T09:50:00+00:00", "value": 63.25}, quote],
    }


def test_a_valid_batch_is_stored_whole(client, token):
    response = _post(client, _batch(), token)
    assert response.status_code == 201
    assert response.json() == {"batch_id": "b-1", "stored": 2, "duplicate": False}
    stored = dict(Quote.objects.values_list("instrument__code", "value"))
    assert stored == {"BRENT": Decimal("63.250000"), "J200": Decimal("91234.560000")}
    assert set(Quote.objects.values_list("source", flat=True)) == {"vendor"}


def test_the_same_batch_twice_stores_once(client, token):
    assert _post(client, _batch(), token).status_code == 201
    again = _post(client, _batch(), token)
    assert again.status_code == 200
    assert again.json() == {"batch_id": "b-1", "stored": 0, "duplicate": True}
    assert Quote.objects.count() == 2
    assert PushBatch.objects.count() == 1


def test_a_reused_batch_id_with_different_quotes_is_refused_and_stores_nothing(client, token):
    _post(client, _batch(), token)
    response = _post(client, _batch(value="91300"), token)
    assert response.status_code == 409
    assert response.json()["error"] == (
        "batch_id 'b-1' was already used for different quotes; send new quotes under a new batch_id."
    )
    assert Quote.objects.get(instrument__code="J200").value == Decimal("91234.56")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"instrument": "J999"},
            "quotes[1]: unknown instrument 'J999'; this provider feeds BRENT, J200, J203, J210, J211, J212.",
        ),
        ({"instrument": "ZARUSD"}, "quotes[1]: unknown instrument 'ZARUSD'; this provider feeds"),
        ({"value": "-1"}, "quotes[1]: value must be a finite, non-negative number below 10^12 (got '-1')."),
        ({"value": "NaN"}, "quotes[1]: value must be a finite, non-negative number below 10^12 (got 'NaN')."),
        ({"value": "Infinity"}, "got 'Infinity'"),
        ({"value": True}, "got True"),
        ({"value": "1e13"}, "got '1e13'"),
        ({"value": None}, "got None"),
        ({"as_of": "2026-11-27T10:02:01Z"}, "quotes[1]: as_of 2026-11-27T10:02:01Z is in the future by more than"),
        ({"as_of": "2026-11-27 09:55"}, "quotes[1]: as_of must be an ISO 8601 date-time with a UTC offset"),
        ({"as_of": "yesterday"}, "(got 'yesterday')"),
    ],
)
def test_an_invalid_item_is_named_and_nothing_is_stored(client, token, overrides, message):
    response = _post(client, _batch(**overrides), token)
    assert response.status_code == 422
    assert response.json()["item"] == 1
    assert message in response.json()["error"]
    assert Quote.objects.count() == 0
    assert PushBatch.objects.count() == 0


def test_json_nan_literal_is_refused_as_non_finite(client, token):
    raw = json.dumps(_batch()).replace('"91234.56"', "NaN")
    response = _post(client, None, token, raw=raw)
    assert response.status_code == 422
    assert "got 'NaN'" in response.json()["error"]
    assert Quote.objects.count() == 0


def test_a_value_within_the_allowed_skew_is_accepted(client, token):
    assert _post(client, _batch(as_of="2026-11-27T10:01:59Z"), token).status_code == 201


def test_a_jump_beyond_the_sanity_band_against_stored_history_is_refused(client, token):
    add_quote("J200", sast(2026, 11, 27, 11, 0), "80000.00")
    response = _post(client, _batch(), token)
    assert response.status_code == 422
    assert response.json() == {
        "error": "quotes[1]: J200 moved 14.04% from 80000 to 91234.56, beyond its sanity band of 10%. "
        "If the move is real, ask an editor to widen the instrument's band.",
        "item": 1,
    }
    assert Quote.objects.count() == 1


def test_a_jump_within_the_batch_is_refused(client, token):
    body = _batch()
    body["quotes"].append({"instrument": "BRENT", "as_of": "2026-11-27T09:51:00Z", "value": "80"})
    response = _post(client, body, token)
    assert response.status_code == 422
    assert response.json()["item"] == 2
    assert Quote.objects.count() == 0


def test_a_duplicate_moment_within_the_batch_is_refused(client, token):
    body = _batch()
    body["quotes"].append(dict(body["quotes"][0]))
    response = _post(client, body, token)
    assert response.status_code == 422
    assert (
        response.json()["error"] == "quotes[2]: BRENT at 2026-11-27T09:50:00+00:00 appears more than once in the batch."
    )


@pytest.mark.parametrize(
    ("raw", "status", "message"),
    [
        ("{not json", 400, "The body is not valid JSON"),
        ("[1, 2]", 400, "The body must be a JSON object with batch_id and quotes."),
        ('{"quotes": []}', 422, "batch_id must be a string of 1 to 100 characters."),
        ('{"batch_id": "x", "quotes": []}', 422, "quotes must be a non-empty list of at most 5000 items."),
        ('{"batch_id": "x", "quotes": [5]}', 422, "quotes[0] must be an object with instrument, as_of and value."),
    ],
)
def test_malformed_bodies_get_a_4xx_and_store_nothing(client, token, raw, status, message):
    response = _post(client, None, token, raw=raw)
    assert response.status_code == status
    assert response.json()["error"].startswith(message)
    assert Quote.objects.count() == 0


def test_missing_or_wrong_token_is_refused(client, token):
    assert _post(client, _batch()).status_code == 401
    response = _post(client, _batch(), "not-the-token")
    assert response.status_code == 401
    assert response.json()["error"] == "The API token is not valid; ask the newsroom for a new one."
    assert Quote.objects.count() == 0


def test_only_the_hash_of_the_token_is_stored_and_a_new_token_revokes_the_old(client, token):
    vendor = Provider.objects.get(slug="vendor")
    assert token not in vendor.api_token_hash and len(vendor.api_token_hash) == 64
    provider_token_issue(provider=vendor)
    assert _post(client, _batch(), token).status_code == 401


@override_settings(MARKETS_PUSH_RATE_LIMIT=2)
def test_pushes_beyond_the_rate_limit_get_429_and_store_nothing(client, token):
    assert _post(client, _batch("a"), token).status_code == 201
    assert _post(client, _batch("b", as_of="2026-11-27T09:56:00Z"), token).status_code == 201
    response = _post(client, _batch("c", as_of="2026-11-27T09:57:00Z"), token)
    assert response.status_code == 429
    assert Quote.objects.count() == 3


def test_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405


def test_openapi_document_describes_the_push_endpoint(client):
    response = client.get("/markets/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"] == "3.1.0"
    operation = document["paths"]["/api/v1/quotes"]["post"]
    assert sorted(operation["responses"]) == ["200", "201", "400", "401", "409", "413", "422", "429"]
    assert document["components"]["schemas"]["Batch"]["required"] == ["batch_id", "quotes"]
    assert document["components"]["securitySchemes"]["providerToken"]["scheme"] == "bearer"
