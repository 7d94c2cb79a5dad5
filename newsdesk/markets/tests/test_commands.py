"""CSV back-fill, the refresh job and command, the demo feed and its loader."""

from decimal import Decimal
from unittest import mock

import pytest
import time_machine
from django.core.management import CommandError, call_command

from newsdesk.markets.demo import loader
from newsdesk.markets.models import Instrument, Provider, Quote
from newsdesk.markets.panel import panel_html
from newsdesk.markets.providers import RetryableProviderError
from newsdesk.markets.tasks import markets_refresh
from newsdesk.markets.tests.factories import sast

pytestmark = pytest.mark.django_db


def test_csv_import_backfills_brent_history_with_a_progress_bar(tmp_path, capsys):
    path = tmp_path / "brent.csv"
    path.write_text("as_of,value\n2026-11-24,64.10\n2026-11-25,63.85\n2026-11-26T17:30:00+02:00,64.02\n")
    call_command("markets_import_csv", str(path), "--instrument", "BRENT")
    out, err = capsys.readouterr()
    assert out == f"Imported 3 quotes from {path}.\n"
    assert "3/3 rows" in err
    rows = list(Quote.objects.order_by("as_of").values_list("as_of", "value", "source"))
    assert rows == [
        (sast(2026, 11, 24, 17, 0), Decimal("64.100000"), "csv"),
        (sast(2026, 11, 25, 17, 0), Decimal("63.850000"), "csv"),
        (sast(2026, 11, 26, 17, 30), Decimal("64.020000"), "csv"),
    ]


def test_csv_import_with_an_instrument_column_and_twice_stores_once(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("instrument,as_of,value\nJ200,2026-11-26,90000\nBRENT,2026-11-26,64\n")
    call_command("markets_import_csv", str(path))
    call_command("markets_import_csv", str(path))
    assert Quote.objects.count() == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("as_of,value\n2026-11-24,64.10\n2026-11-25,abc\n", "line 3"),
        ("as_of,value\n2026-11-24,64.10\n27/11/2026,64\n", "'27/11/2026' is not an ISO date"),
        ("as_of,value\n2026-11-24,-5\n", "is not a finite, non-negative number"),
        ("when,price\n2026-11-24,64\n", "CSV needs a header with as_of and value"),
    ],
)
def test_csv_import_with_a_bad_line_imports_nothing(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("markets_import_csv", str(path), "--instrument", "BRENT")
    assert Quote.objects.count() == 0


def test_csv_import_of_an_unknown_instrument_imports_nothing(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("instrument,as_of,value\nBRENT,2026-11-24,64\nWTI,2026-11-24,60\n")
    with pytest.raises(CommandError, match="Unknown instrument code\\(s\\): WTI"):
        call_command("markets_import_csv", str(path))
    assert Quote.objects.count() == 0


def test_refresh_task_polls_the_ecb_and_is_safe_to_run_twice():
    daily = (__import__("pathlib").Path(__file__).parent / "data" / "eurofxref-daily.xml").read_bytes()
    with mock.patch("newsdesk.markets.providers.ecb.download", return_value=daily) as download:
        with time_machine.travel(sast(2026, 11, 27, 18, 0), tick=False):
            markets_refresh.enqueue()
            Provider.objects.update(last_refreshed_at=None)
            markets_refresh.enqueue()
    assert download.call_count == 2
    assert Quote.objects.filter(source="ecb").count() == 5
    assert Quote.objects.get(instrument__code="ZAREUR").value == Decimal("19.965000")


def test_refresh_skips_providers_that_are_not_due_and_survives_a_failing_one(capsys):
    with mock.patch("newsdesk.markets.providers.ecb.download", side_effect=RetryableProviderError("down")):
        call_command("markets_refresh")
        assert capsys.readouterr().out == "ecb: failed (see the log)\n"
        Provider.objects.filter(slug="ecb").update(last_refreshed_at=sast(2026, 11, 27, 12, 0))
        with time_machine.travel(sast(2026, 11, 27, 12, 30), tick=False):
            call_command("markets_refresh")
            assert capsys.readouterr().out == ""
    assert Quote.objects.count() == 0


def test_demo_loader_feeds_all_eleven_rows_labelled_demo_data_and_twice_adds_nothing():
    with time_machine.travel(sast(2026, 11, 27, 12, 0), tick=False):
        loader.load()
        count = Quote.objects.count()
        loader.load()
        assert Quote.objects.count() == count
        html = panel_html()
    assert set(Instrument.objects.values_list("provider__slug", flat=True)) == {"demo"}
    assert count > 11 * 100
    assert html.count('<span class="markets-demo">demo data</span>') == 11
    assert "No data yet" not in html
    # The walk follows the JSE's sessions: no index value outside 09:00-17:00 SAST or at a weekend.
    for as_of in Quote.objects.filter(instrument__code="J200").values_list("as_of", flat=True):
        local = as_of.astimezone(sast(2026, 1, 1).tzinfo)
        assert local.weekday() < 5 and 9 <= local.hour < 17 or (local.hour, local.minute) == (17, 0)
