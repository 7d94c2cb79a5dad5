"""The ECB reference-rate parser and the Rand crosses it derives."""

import urllib.error
from datetime import date
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from newsdesk.markets.models import Quote
from newsdesk.markets.providers import RetryableProviderError, TerminalProviderError, ecb

DATA = Path(__file__).parent / "data"
DAILY = (DATA / "eurofxref-daily.xml").read_bytes()
NINETY = (DATA / "eurofxref-hist-90d.xml").read_bytes()
HEAD = (
    '<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" '
    'xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">'
)


def test_daily_file_parses_to_one_day_of_rates():
    days = ecb.parse(DAILY)
    assert [d.date for d in days] == [date(2026, 11, 27)]
    assert days[0].rates["ZAR"] == Decimal("19.9650")
    assert days[0].rates["USD"] == Decimal("1.1570")
    assert len(days[0].rates) == 9


def test_ninety_day_file_parses_oldest_first():
    days = ecb.parse(NINETY)
    assert [d.date for d in days] == [date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)]


def test_rand_crosses_match_hand_computed_values():
    # ZAR per USD = 19.9650 / 1.1570 = 17.2558340... ; ZAR per GBP = 19.9650 / 0.87540 = 22.8067169...
    crosses = ecb.rand_crosses(ecb.parse(DAILY)[0])
    assert crosses == {
        "ZARUSD": Decimal("17.255834"),
        "ZARGBP": Decimal("22.806717"),
        "ZAREUR": Decimal("19.965000"),
        "ZARAUD": Decimal("11.266930"),
        "ZARJPY": Decimal("0.110395"),
    }


def test_crosses_of_the_previous_day_from_the_ninety_day_file():
    crosses = ecb.rand_crosses(ecb.parse(NINETY)[1])
    assert crosses["ZARUSD"] == Decimal("17.172919")  # 19.9120 / 1.1595
    assert crosses["ZARJPY"] == Decimal("0.109890")  # 19.9120 / 181.20


def test_a_day_without_zar_yields_no_crosses():
    day = ecb.EcbDay(date=date(2026, 11, 27), rates={"USD": Decimal("1.1")})
    assert ecb.rand_crosses(day) == {}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (DAILY[: len(DAILY) // 2], "not well-formed"),
        (b"", "not well-formed"),
        (b"<html><body>Maintenance</body></html>", "not gesmes:Envelope"),
        (HEAD.encode() + b"</gesmes:Envelope>", "no Cube element"),
        (HEAD.encode() + b"<Cube></Cube></gesmes:Envelope>", "no days"),
        (HEAD.encode() + b"<Cube><Cube time='27 Nov'/></Cube></gesmes:Envelope>", "invalid time"),
        (
            HEAD.encode() + b"<Cube><Cube time='2026-11-27'><Cube currency='ZAR' rate='abc'/></Cube></Cube>"
            b"</gesmes:Envelope>",
            "not a number",
        ),
        (
            HEAD.encode() + b"<Cube><Cube time='2026-11-27'><Cube currency='ZAR' rate='-1'/></Cube></Cube>"
            b"</gesmes:Envelope>",
            "invalid",
        ),
        (
            HEAD.encode() + b"<Cube><Cube time='2026-11-27'><Cube currency='ZAR' rate='NaN'/></Cube></Cube>"
            b"</gesmes:Envelope>",
            "invalid",
        ),
    ],
)
def test_malformed_and_truncated_files_are_refused_with_a_reason(data, message):
    with pytest.raises(TerminalProviderError, match=message):
        ecb.parse(data)


def test_entity_expansion_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        + HEAD.encode()
        + b"<Cube><Cube time='2026-11-27'><Cube currency='ZAR' rate='&lol3;'/></Cube></Cube></gesmes:Envelope>"
    )
    with pytest.raises(TerminalProviderError, match="hostile XML"):
        ecb.parse(bomb)


def test_external_entity_is_refused():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + HEAD.encode()
        + b"<Cube><Cube time='2026-11-27'><Cube currency='ZAR' rate='&x;'/></Cube></Cube></gesmes:Envelope>"
    )
    with pytest.raises(TerminalProviderError, match="hostile XML"):
        ecb.parse(xxe)


def test_oversized_file_is_refused_before_parsing():
    with pytest.raises(TerminalProviderError, match="more than"):
        ecb.parse(b" " * (ecb.MAX_BYTES + 1))


def test_download_failure_is_retryable_and_plain_http_is_refused():
    with mock.patch("urllib.request.urlopen", side_effect=urllib.error.URLError("timed out")):
        with pytest.raises(RetryableProviderError, match="timed out"):
            ecb.download("https://ecb.example/daily.xml", timeout=1)
    with pytest.raises(TerminalProviderError, match="non-HTTPS"):
        ecb.download("http://ecb.example/daily.xml", timeout=1)


@pytest.mark.django_db
def test_fetch_command_stores_the_crosses_of_a_saved_ninety_day_file(tmp_path):
    call_command("markets_fetch_ecb", "--file", str(DATA / "eurofxref-hist-90d.xml"))
    assert Quote.objects.filter(source="ecb").count() == 15
    usd = Quote.objects.filter(instrument__code="ZARUSD").order_by("as_of").values_list("value", flat=True)
    assert list(usd) == [Decimal("17.357886"), Decimal("17.172919"), Decimal("17.255834")]
    call_command("markets_fetch_ecb", "--file", str(DATA / "eurofxref-hist-90d.xml"))
    assert Quote.objects.filter(source="ecb").count() == 15


@pytest.mark.django_db
def test_fetch_command_stores_nothing_from_a_hostile_file(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    with pytest.raises(CommandError, match="hostile XML"):
        call_command("markets_fetch_ecb", "--file", str(bad))
    assert Quote.objects.count() == 0
